using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// A state vector: per client, the next expected clock (= the number of clocks known from it).
/// </summary>
public sealed class StateVector
{
    private readonly Dictionary<ulong, ulong> _clocks;

    /// <summary>Creates an empty state vector.</summary>
    public StateVector()
    {
        _clocks = [];
    }

    /// <summary>Creates a state vector from client → next clock pairs.</summary>
    public StateVector(IEnumerable<KeyValuePair<ulong, ulong>> clocks)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        _clocks = new Dictionary<ulong, ulong>(clocks);
    }

    /// <summary>Client → next expected clock.</summary>
    public IReadOnlyDictionary<ulong, ulong> Clocks => _clocks;

    /// <summary>The next expected clock of <paramref name="client"/>, 0 when unknown.</summary>
    public ulong Get(ulong client) => _clocks.GetValueOrDefault(client);

    /// <summary>Sets the next expected clock of <paramref name="client"/>.</summary>
    public void Set(ulong client, ulong clock) => _clocks[client] = clock;

    // Layout: varUint(n) ( varUint(client) varUint(clock) ){n}, clients descending (yjs writeStateVector).

    /// <summary>Writes the state vector with clients in descending order (see the layout comment).</summary>
    public void Write(Lib0Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteVarUInt((ulong)_clocks.Count);
        foreach (var (client, clock) in _clocks.OrderByDescending(e => e.Key))
        {
            writer.WriteVarUInt(client);
            writer.WriteVarUInt(clock);
        }
    }

    /// <summary>Encodes the state vector (<c>Y.encodeStateVector</c> layout).</summary>
    public byte[] Encode()
    {
        var writer = new Lib0Writer(16 + (_clocks.Count * 8));
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Reads a state vector; see <see cref="Write"/> for the format. A client listed twice keeps its last clock,
    /// as in yjs <c>readStateVector</c>.
    /// </summary>
    public static StateVector Read(ref Lib0Reader reader)
    {
        var count = reader.ReadCount("state vector size", 2);
        var vector = new StateVector();
        for (var i = 0; i < count; i++)
        {
            var client = reader.ReadVarUInt("state vector client");
            vector._clocks[client] = reader.ReadVarUInt("state vector clock");
        }

        return vector;
    }

    /// <summary>Decodes a whole state vector; trailing bytes are rejected.</summary>
    public static StateVector Decode(ReadOnlySpan<byte> bytes, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        limits.CheckSize(bytes.Length, "State vector");
        var reader = new Lib0Reader(bytes);
        var vector = Read(ref reader);
        if (!reader.IsAtEnd)
        {
            throw new YjsFormatException($"State vector has {reader.Remaining} trailing bytes at offset {reader.Position}.");
        }

        return vector;
    }
}
