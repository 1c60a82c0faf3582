using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Protocols;

/// <summary>
/// A y-protocols sync message. The payload is a state vector (step 1) or a v1 update (step 2, update); reading the
/// message checks only its framing, so decode the payload with <see cref="StateVector.Decode"/> or the update functions.
/// </summary>
/// <param name="Type">The message type.</param>
/// <param name="Payload">The state vector or update bytes.</param>
public sealed record SyncMessage(SyncMessageType Type, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Sync step 1 carrying <paramref name="stateVector"/>.</summary>
    public static SyncMessage SyncStep1(ReadOnlyMemory<byte> stateVector) => new(SyncMessageType.SyncStep1, stateVector);

    /// <summary>Sync step 2 carrying <paramref name="update"/>.</summary>
    public static SyncMessage SyncStep2(ReadOnlyMemory<byte> update) => new(SyncMessageType.SyncStep2, update);

    /// <summary>An update message carrying <paramref name="update"/>.</summary>
    public static SyncMessage Update(ReadOnlyMemory<byte> update) => new(SyncMessageType.Update, update);

    // Layout (y-protocols sync.js):
    //   syncStep1 := varUint(0) varUint8Array(stateVector)
    //   syncStep2 := varUint(1) varUint8Array(update)
    //   update    := varUint(2) varUint8Array(update)

    /// <summary>Writes the message (see the layout comment).</summary>
    public void Write(Lib0Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteVarUInt((ulong)Type);
        writer.WriteVarUint8Array(Payload.Span);
    }

    /// <summary>Encodes the message on its own.</summary>
    public byte[] Encode()
    {
        var writer = new Lib0Writer(Payload.Length + 8);
        Write(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Reads a sync message from <paramref name="reader"/> (e.g. after y-websocket's outer message type); see
    /// <see cref="Write"/> for the format. An unknown type or a payload over the size limit throws.
    /// </summary>
    public static SyncMessage Read(ref Lib0Reader reader, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        var at = reader.Position;
        var type = reader.ReadVarUInt("sync message type");
        if (type > (ulong)SyncMessageType.Update)
        {
            throw new YjsFormatException($"Unknown sync message type {type} at offset {at}.");
        }

        var payload = reader.ReadVarUint8Array("sync message payload");
        limits.CheckSize(payload.Length, "Sync message payload");
        return new SyncMessage((SyncMessageType)type, payload.ToArray());
    }

    /// <summary>Decodes a whole message; trailing bytes are rejected.</summary>
    public static SyncMessage Decode(ReadOnlySpan<byte> bytes, YjsReadLimits? limits = null)
    {
        var reader = new Lib0Reader(bytes);
        var message = Read(ref reader, limits);
        if (!reader.IsAtEnd)
        {
            throw new YjsFormatException($"Sync message has {reader.Remaining} trailing bytes at offset {reader.Position}.");
        }

        return message;
    }
}
