using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Switchboard.Yjs;
using Switchboard.Yjs.Protocols;
using YAwarenessUpdate = Switchboard.Yjs.Protocols.AwarenessUpdate;

namespace Switchboard.Server.Documents;

/// <summary>
/// The awareness client ids one member announced, so that its departure can remove their states from the others
/// (G18: without it, cursors of departed editors stay forever). Two encodings reach the server:
/// <list type="bullet">
/// <item>Open WebUI's <c>SimpleAwareness</c> (openwebui-contract.md §7.4): the UTF-8 JSON <c>{"clientID": state}</c>. It
/// has no removal; it merges states as sent, and y-prosemirror's cursor plugin reads <c>state.cursor</c>, so a
/// <c>null</c> state would break it. The removal sent is the empty state <c>{}</c>: no user, no cursor.</item>
/// <item>y-protocols' binary awareness update (<c>encodeAwarenessUpdate</c>): removed as y-protocols'
/// <c>removeAwarenessStates</c> does, the state <c>null</c> at the next clock.</item>
/// </list>
/// Anything else is refused. At most <see cref="MaxClients"/> ids are kept per member (a tab has one).
/// </summary>
internal sealed class AwarenessClients
{
    public const int MaxClients = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, ulong> _binary = [];
    private readonly HashSet<string> _json = new(StringComparer.Ordinal);

    /// <summary>Reads an awareness update a member sent and records its client ids; false when it is neither encoding.</summary>
    public bool TryRecord(ReadOnlySpan<byte> update, [NotNullWhen(false)] out string? error)
    {
        var trimmed = update.TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            return TryRecordJson(update, out error);
        }

        YAwarenessUpdate decoded;
        try
        {
            decoded = YAwarenessUpdate.Decode(update);
        }
        catch (YjsFormatException ex)
        {
            error = "malformed awareness update: " + ex.Message;
            return false;
        }

        lock (_lock)
        {
            foreach (var entry in decoded.Entries)
            {
                if (entry.IsRemoved)
                {
                    _binary.Remove(entry.ClientId);
                }
                else if (_binary.ContainsKey(entry.ClientId) || Count < MaxClients)
                {
                    _binary[entry.ClientId] = Math.Max(entry.Clock, _binary.GetValueOrDefault(entry.ClientId));
                }
            }
        }

        error = null;
        return true;
    }

    /// <summary>The updates that remove every recorded state (none when nothing was announced), one per encoding.</summary>
    public IReadOnlyList<byte[]> Removals()
    {
        var removals = new List<byte[]>(2);
        lock (_lock)
        {
            if (_json.Count > 0)
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    foreach (var id in _json.Order(StringComparer.Ordinal))
                    {
                        writer.WriteStartObject(id);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                removals.Add(buffer.ToArray());
            }

            if (_binary.Count > 0)
            {
                removals.Add(new YAwarenessUpdate([.. _binary.OrderBy(c => c.Key).Select(c => new AwarenessEntry(c.Key, c.Value + 1, "null"))]).Encode());
            }
        }

        return removals;
    }

    private int Count => _binary.Count + _json.Count;

    // {"<clientID>": state, ...}: the keys that are client ids (SimpleAwareness reads them with +k) are recorded; a null
    // state is the sender removing that client itself.
    private bool TryRecordJson(ReadOnlySpan<byte> update, [NotNullWhen(false)] out string? error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(update.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            error = "malformed awareness update: " + ex.Message;
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "malformed awareness update: not a JSON object of client states";
                return false;
            }

            lock (_lock)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!ulong.TryParse(property.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        continue;
                    }

                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        _json.Remove(property.Name);
                    }
                    else if (_json.Contains(property.Name) || Count < MaxClients)
                    {
                        _json.Add(property.Name);
                    }
                }
            }
        }

        error = null;
        return true;
    }
}
