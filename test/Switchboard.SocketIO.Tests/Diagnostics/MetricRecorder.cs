using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Switchboard.SocketIO.Tests.Diagnostics;

/// <summary>
/// Records every measurement of the <see cref="SocketIOTelemetry.MeterName"/> meter made by one host (its
/// <see cref="IMeterFactory"/>), so tests running in parallel do not see each other's numbers.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _measurements = new();

    public MetricRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SocketIOTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<Recorded> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>The sum of an instrument's values whose tags include every pair of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Of(instrument).Where(m => m.Matches(tags)).Sum(m => m.Value);

    /// <summary>How many values an instrument recorded with the given tags (a histogram's count).</summary>
    public int Count(string instrument, params (string Key, string Value)[] tags) => Of(instrument).Count(m => m.Matches(tags));

    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue?.ToString() ?? "";
        }

        _measurements.Enqueue(new Recorded(instrument.Name, value, copy));
    }

    internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags)
    {
        public bool Matches((string Key, string Value)[] tags) =>
            tags.All(t => Tags.TryGetValue(t.Key, out var v) && v == t.Value);
    }
}
