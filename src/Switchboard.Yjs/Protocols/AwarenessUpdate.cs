using System.Text;
using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Protocols;

/// <summary>A y-protocols awareness update (<c>awareness.js</c> <c>encodeAwarenessUpdate</c>): client states with clocks.</summary>
/// <param name="Entries">The entries in wire order.</param>
public sealed record AwarenessUpdate(IReadOnlyList<AwarenessEntry> Entries)
{
    // Layout: varUint(n) ( varUint(clientID) varUint(clock) varString(JSON.stringify(state)) ){n}

    /// <summary>Writes the update (see the layout comment).</summary>
    public void Write(Lib0Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteVarUInt((ulong)Entries.Count);
        foreach (var entry in Entries)
        {
            writer.WriteVarUInt(entry.ClientId);
            writer.WriteVarUInt(entry.Clock);
            writer.WriteVarString(entry.StateJson);
        }
    }

    /// <summary>Encodes the update.</summary>
    public byte[] Encode()
    {
        var writer = new Lib0Writer();
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Reads an awareness update; see <see cref="Write"/> for the format. Each state must be valid JSON
    /// (y-protocols applies it with <c>JSON.parse</c>) within the nesting limit.
    /// </summary>
    public static AwarenessUpdate Read(ref Lib0Reader reader, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        var count = reader.ReadCount("awareness entry count", 3);
        var entries = new AwarenessEntry[count];
        for (var i = 0; i < count; i++)
        {
            var clientId = reader.ReadVarUInt("awareness client id");
            var clock = reader.ReadVarUInt("awareness clock");
            var at = reader.Position;
            var json = reader.ReadVarStringUtf8("awareness state");
            JsonText.Validate(json, limits.MaxNestingDepth, "Awareness state", at);
            entries[i] = new AwarenessEntry(clientId, clock, Encoding.UTF8.GetString(json));
        }

        return new AwarenessUpdate(entries);
    }

    /// <summary>Decodes a whole awareness update; trailing bytes are rejected.</summary>
    public static AwarenessUpdate Decode(ReadOnlySpan<byte> bytes, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        limits.CheckSize(bytes.Length, "Awareness update");
        var reader = new Lib0Reader(bytes);
        var update = Read(ref reader, limits);
        if (!reader.IsAtEnd)
        {
            throw new YjsFormatException($"Awareness update has {reader.Remaining} trailing bytes at offset {reader.Position}.");
        }

        return update;
    }
}
