using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// A small read-only name/value map kept as one array of pairs, for the handshake's headers and query: a session
/// holds it for its whole life, and a handshake has a handful of entries, so a linear search is as fast as hashing
/// and the map costs one array instead of a dictionary's buckets and entries. Names are unique under the comparer.
/// </summary>
internal sealed class HandshakeValues : IReadOnlyDictionary<string, string>
{
    private readonly KeyValuePair<string, string>[] _pairs;
    private readonly StringComparison _comparison;

    public HandshakeValues(KeyValuePair<string, string>[] pairs, StringComparison comparison)
    {
        _pairs = pairs;
        _comparison = comparison;
    }

    public int Count => _pairs.Length;

    public IEnumerable<string> Keys => _pairs.Select(static p => p.Key);

    public IEnumerable<string> Values => _pairs.Select(static p => p.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"'{key}' is not in the handshake.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _pairs[index].Value : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Builds the map from name/value pairs; a later duplicate name replaces the earlier value, as a dictionary's indexer does.</summary>
    internal static HandshakeValues From<TValue>(IEnumerable<KeyValuePair<string, TValue>> source, int countHint, StringComparison comparison, Func<TValue, string> toString)
    {
        var pairs = new List<KeyValuePair<string, string>>(countHint);
        foreach (var (name, value) in source)
        {
            var text = toString(value);
            var existing = pairs.FindIndex(p => string.Equals(p.Key, name, comparison));
            if (existing >= 0)
            {
                pairs[existing] = new(name, text);
            }
            else
            {
                pairs.Add(new(name, text));
            }
        }

        return new HandshakeValues([.. pairs], comparison);
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _pairs.Length; i++)
        {
            if (string.Equals(_pairs[i].Key, key, _comparison))
            {
                return i;
            }
        }

        return -1;
    }
}
