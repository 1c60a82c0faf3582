namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// Meters and activity sources are matched by name across the process, so a Prometheus scrape would also count the
/// sockets of tests running at the same time: these tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTelemetryTests
{
    public const string Name = "Telemetry (not in parallel)";
}
