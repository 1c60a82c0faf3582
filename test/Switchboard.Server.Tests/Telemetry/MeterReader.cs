using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// Reads the instruments of one service provider's meters (matched by the <see cref="IMeterFactory"/> that made them,
/// so tests running at the same time do not count): counters summed by tag set, observables read on demand.
/// </summary>
internal sealed class MeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _observed = new(StringComparer.Ordinal);

    public MeterReader(IMeterFactory factory, params string[] meterNames)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && meterNames.Contains(instrument.Meter.Name))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    /// <summary>The sum of the measurements of <paramref name="instrument"/> whose tags include <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, object Value)[] tags) => Total(_sums, instrument, tags);

    /// <summary>The current value of an observable instrument (collected now).</summary>
    public long Observe(string instrument, params (string Key, object Value)[] tags)
    {
        _observed.Clear();
        _listener.RecordObservableInstruments();
        return Total(_observed, instrument, tags);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name + "|" + string.Join(",", tags.ToArray().Select(t => t.Key + "=" + t.Value));
        var into = instrument.IsObservable ? _observed : _sums;
        into.AddOrUpdate(key, value, (_, old) => instrument.IsObservable ? value : old + value);
    }

    private static long Total(ConcurrentDictionary<string, long> values, string instrument, (string Key, object Value)[] tags)
    {
        long total = 0;
        foreach (var (key, value) in values)
        {
            var parts = key.Split('|', 2);
            var set = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == instrument && tags.All(t => set.Contains(t.Key + "=" + t.Value)))
            {
                total += value;
            }
        }

        return total;
    }
}
