using System.Diagnostics.Metrics;

namespace Switchboard.SocketIO.AdminUI;

/// <summary>
/// The UI's <c>aggregatedEvents</c>: counts per second of raw connections and disconnections (by reason), packets and
/// bytes in and out. Read from the server's own <see cref="SocketIOTelemetry.MeterName"/> instruments, so the UI and
/// a metrics dashboard show the same numbers.
/// </summary>
internal sealed class EventAggregator : IDisposable
{
    private readonly Meter _meter;
    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private Dictionary<(long Second, string Type, string? SubType), long> _buffer = [];

    public EventAggregator(Meter meter, TimeProvider time)
    {
        _meter = meter;
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter) && instrument.Name is
                "engineio.server.connections" or "engineio.server.connection.duration" or "engineio.server.packets" or "engineio.server.io")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Push("rawDisconnection", Tag(tags, "engineio.close.reason"), 1));
        _listener.Start();
    }

    /// <summary>The counts gathered since the last call, as the UI reads them.</summary>
    public List<object> TakeAll()
    {
        Dictionary<(long Second, string Type, string? SubType), long> taken;
        lock (_lock)
        {
            taken = _buffer;
            _buffer = [];
        }

        var result = new List<object>(taken.Count);
        foreach (var ((second, type, subType), count) in taken)
        {
            result.Add(new AggregatedEvent(second * 1000, type, subType, count));
        }

        return result;
    }

    public void Dispose() => _listener.Dispose();

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "engineio.server.connections":
                Push("rawConnection", null, value);
                break;
            case "engineio.server.packets":
                Push(Tag(tags, "network.io.direction") == "receive" ? "packetsIn" : "packetsOut", null, value);
                break;
            case "engineio.server.io":
                Push(Tag(tags, "network.io.direction") == "receive" ? "bytesIn" : "bytesOut", null, value);
                break;
        }
    }

    private void Push(string type, string? subType, long count)
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            _buffer[(second, type, subType)] = _buffer.GetValueOrDefault((second, type, subType)) + count;
        }
    }

    private sealed record AggregatedEvent(long Timestamp, string Type, string? SubType, long Count);
}
