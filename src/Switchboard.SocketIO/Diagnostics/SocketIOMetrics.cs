using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Diagnostics;

/// <summary>
/// The instruments of the <see cref="SocketIOTelemetry.MeterName"/> meter (listed in <see cref="SocketIOTelemetry"/>).
/// One per service provider (created from its <see cref="IMeterFactory"/>), shared by every Engine.IO endpoint and
/// Socket.IO server in it; <see cref="Shared"/> serves those built without dependency injection.
/// </summary>
internal sealed class SocketIOMetrics
{
    public const string Other = "_OTHER";

    private readonly ConcurrentDictionary<string, string> _eventNames = new(StringComparer.Ordinal);
    private readonly Lock _endpointsLock = new();
    private EngineEndpoint[] _endpoints = [];

    public SocketIOMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(SocketIOTelemetry.MeterName))
    {
    }

    private SocketIOMetrics(Meter meter)
    {
        Meter = meter;
        ActiveConnections = meter.CreateUpDownCounter<long>("engineio.server.active_connections", "{connection}", "Open Engine.IO sessions.");
        Connections = meter.CreateCounter<long>("engineio.server.connections", "{connection}", "Engine.IO sessions opened.");
        ConnectionDuration = meter.CreateHistogram<double>(
            "engineio.server.connection.duration",
            "s",
            "How long Engine.IO sessions lasted.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 10, 60, 300, 1800, 3600, 14400, 86400] });
        Packets = meter.CreateCounter<long>("engineio.server.packets", "{packet}", "Engine.IO packets received and sent.");
        Bytes = meter.CreateCounter<long>("engineio.server.io", "By", "Engine.IO packet bytes (type and data) received and sent.");
        meter.CreateObservableUpDownCounter("engineio.server.send_queue.size", ObserveQueuedBytes, "By", "Bytes waiting in Engine.IO send queues.");
        SlowConsumerDisconnects = meter.CreateCounter<long>(
            "engineio.server.slow_consumer_disconnects", "{connection}", "Sessions closed because the client read too slowly.");
        ActiveSockets = meter.CreateUpDownCounter<long>("socketio.server.active_sockets", "{socket}", "Sockets connected to a namespace.");
        Connects = meter.CreateCounter<long>("socketio.server.connects", "{socket}", "Sockets that joined a namespace.");
        Disconnects = meter.CreateCounter<long>("socketio.server.disconnects", "{socket}", "Sockets that left a namespace, by reason.");
        AckTimeouts = meter.CreateCounter<long>("socketio.server.ack.timeouts", "{ack}", "Server emits whose ack did not arrive in time.");
        EventDuration = meter.CreateHistogram<double>(
            "socketio.server.event.duration",
            "s",
            "How long the handlers of a client event took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        AdapterPublishes = meter.CreateCounter<long>("socketio.server.adapter.publishes", "{message}", "Messages a scale-out adapter published.");
        AdapterReceives = meter.CreateCounter<long>("socketio.server.adapter.receives", "{message}", "Messages a scale-out adapter received.");
        AdapterDrops = meter.CreateCounter<long>("socketio.server.adapter.drops", "{message}", "Messages a scale-out adapter dropped.");
    }

    /// <summary>For endpoints and servers made without a service provider (tests, benchmarks).</summary>
    public static SocketIOMetrics Shared { get; } = new(new Meter(SocketIOTelemetry.MeterName));

    public Meter Meter { get; }

    public UpDownCounter<long> ActiveConnections { get; }

    public Counter<long> Connections { get; }

    public Histogram<double> ConnectionDuration { get; }

    public Counter<long> Packets { get; }

    public Counter<long> Bytes { get; }

    public Counter<long> SlowConsumerDisconnects { get; }

    public UpDownCounter<long> ActiveSockets { get; }

    public Counter<long> Connects { get; }

    public Counter<long> Disconnects { get; }

    public Counter<long> AckTimeouts { get; }

    public Histogram<double> EventDuration { get; }

    public Counter<long> AdapterPublishes { get; }

    public Counter<long> AdapterReceives { get; }

    public Counter<long> AdapterDrops { get; }

    public void AddEndpoint(EngineEndpoint endpoint)
    {
        lock (_endpointsLock)
        {
            _endpoints = [.. _endpoints, endpoint];
        }
    }

    /// <summary>The Engine.IO sessions open now, and how many of them poll.</summary>
    public (int Total, int Polling) CountSessions()
    {
        var total = 0;
        var polling = 0;
        foreach (var endpoint in Volatile.Read(ref _endpoints))
        {
            foreach (var session in endpoint.Sessions)
            {
                total++;
                if (session.CurrentTransport == "polling")
                {
                    polling++;
                }
            }
        }

        return (total, polling);
    }

    /// <summary>
    /// The event name to record: only names with a registered handler, and only the first
    /// <see cref="SocketIOTelemetry.MaxEventNames"/> of those (Open WebUI registers names made at runtime), so a client
    /// cannot grow the number of time series.
    /// </summary>
    public string BoundEventName(string name, bool registered)
    {
        if (!registered)
        {
            return Other;
        }

        if (_eventNames.TryGetValue(name, out var known))
        {
            return known;
        }

        return _eventNames.Count < SocketIOTelemetry.MaxEventNames ? _eventNames.GetOrAdd(name, name) : Other;
    }

    private IEnumerable<Measurement<long>> ObserveQueuedBytes()
    {
        long total = 0;
        foreach (var endpoint in Volatile.Read(ref _endpoints))
        {
            foreach (var session in endpoint.Sessions)
            {
                total += session.QueuedBytes;
            }
        }

        return [new Measurement<long>(total)];
    }

    internal static TagList Tags(string key, object? value) => new() { { key, value } };
}
