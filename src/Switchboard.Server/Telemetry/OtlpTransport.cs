namespace Switchboard.Server.Telemetry;

/// <summary>How OTLP reaches the collector (Open WebUI's <c>OTEL_OTLP_SPAN_EXPORTER</c>).</summary>
public enum OtlpTransport
{
    /// <summary>OTLP/gRPC (<c>grpc</c>, usually port 4317).</summary>
    Grpc,

    /// <summary>OTLP/HTTP with protobuf (<c>http</c>, usually port 4318).</summary>
    Http,
}
