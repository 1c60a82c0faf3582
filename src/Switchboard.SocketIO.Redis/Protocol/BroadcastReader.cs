using System.Text.Json;
using MessagePack;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>What <see cref="BroadcastReader"/> found in a message.</summary>
internal enum BroadcastVerdict
{
    /// <summary>A plain broadcast (no ack) of this namespace from another server: deliver it.</summary>
    Deliver,

    /// <summary>This server's own message, or another namespace's: nothing to do.</summary>
    Ignore,

    /// <summary>Anything else (a request, a broadcast with ack, an unusual or malformed message): decode it in full.</summary>
    Other,
}

/// <summary>Where the parts of a broadcast are in its message: <c>packet.data</c> and <c>opts</c> (length 0 when missing).</summary>
internal readonly record struct BroadcastParts(bool IsJson, int DataStart, int DataLength, int OptionsStart, int OptionsLength);

/// <summary>
/// The broadcast fast path (socketio-wire.md §5.1, §5.2): one pass over a message finds who sent it, the namespace,
/// and where <c>packet.data</c> and <c>opts</c> are, without decoding them. Only a plain broadcast of this namespace
/// from another server is then decoded (<see cref="BroadcastPayload"/>), once. Anything unusual is
/// <see cref="BroadcastVerdict.Other"/>, which the caller decodes the general way (the one that reports errors), so
/// this reader never has to be right about messages it does not recognise. Pure.
/// </summary>
internal static class BroadcastReader
{
    /// <summary>A classic broadcast: msgpack <c>[uid, packet:{type?, data, nsp?}, opts, ...]</c>.</summary>
    public static BroadcastVerdict ReadClassic(ReadOnlyMemory<byte> message, ReadOnlySpan<byte> ownUid, ReadOnlySpan<byte> nsp, out BroadcastParts parts)
    {
        parts = default;
        if (message.IsEmpty || message.Span[0] == (byte)'{')
        {
            return BroadcastVerdict.Other;
        }

        try
        {
            var reader = new MessagePackReader(message);
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                return BroadcastVerdict.Other;
            }

            var length = reader.ReadArrayHeader();
            if (length < 3)
            {
                return BroadcastVerdict.Other;
            }

            if (reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var uid))
            {
                if (uid.SequenceEqual(ownUid))
                {
                    return BroadcastVerdict.Ignore;
                }
            }
            else
            {
                reader.Skip();
            }

            if (!TryReadPacket(ref reader, nsp, out var sameNamespace, out var dataStart, out var dataLength) || dataLength == 0)
            {
                return BroadcastVerdict.Other;
            }

            if (!sameNamespace)
            {
                return BroadcastVerdict.Ignore;
            }

            var optionsStart = (int)reader.Consumed;
            reader.Skip();
            var optionsLength = (int)reader.Consumed - optionsStart;
            for (var i = 3; i < length; i++)
            {
                reader.Skip();
            }

            if (!reader.End)
            {
                return BroadcastVerdict.Other;
            }

            parts = new BroadcastParts(IsJson: false, dataStart, dataLength, optionsStart, optionsLength);
            return BroadcastVerdict.Deliver;
        }
        catch (Exception ex) when (MsgPackToJson.IsMalformed(ex))
        {
            return BroadcastVerdict.Other;
        }
    }

    /// <summary>
    /// A sharded message: <c>{type:3, data:{packet:{type?, data}, opts}, uid, nsp}</c> as msgpack or JSON (first byte
    /// <c>{</c>); a BROADCAST with a <c>requestId</c> (with ack) and every other type are <see cref="BroadcastVerdict.Other"/>.
    /// </summary>
    public static BroadcastVerdict ReadSharded(ReadOnlyMemory<byte> message, ReadOnlySpan<byte> ownUid, ReadOnlySpan<byte> nsp, out BroadcastParts parts)
    {
        parts = default;
        if (message.IsEmpty)
        {
            return BroadcastVerdict.Other;
        }

        try
        {
            return message.Span[0] == (byte)'{'
                ? ShardedJsonReader.Read(message.Span, ownUid, nsp, out parts)
                : ReadShardedMsgPack(message, ownUid, nsp, out parts);
        }
        catch (JsonException)
        {
            return BroadcastVerdict.Other;
        }
        catch (Exception ex) when (MsgPackToJson.IsMalformed(ex))
        {
            return BroadcastVerdict.Other;
        }
    }

    private static BroadcastVerdict ReadShardedMsgPack(ReadOnlyMemory<byte> message, ReadOnlySpan<byte> ownUid, ReadOnlySpan<byte> nsp, out BroadcastParts parts)
    {
        parts = default;
        var reader = new MessagePackReader(message);
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            return BroadcastVerdict.Other;
        }

        long type = -1;
        bool? own = null;
        var sameNamespace = false;
        var withAck = false;
        bool? packetNamespace = null;
        int dataStart = 0, dataLength = 0, optionsStart = 0, optionsLength = 0;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            if (key == Key.Invalid)
            {
                return BroadcastVerdict.Other;
            }

            if (key == Key.Type)
            {
                if (reader.NextMessagePackType != MessagePackType.Integer)
                {
                    return BroadcastVerdict.Other;
                }

                type = reader.ReadInt64();
            }
            else if (key == Key.Uid)
            {
                own = reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var uid) ? uid.SequenceEqual(ownUid) : SkipFalse(ref reader);
            }
            else if (key == Key.Nsp)
            {
                sameNamespace = reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var name) ? name.SequenceEqual(nsp) : SkipFalse(ref reader);
            }
            else if (key == Key.Data && reader.NextMessagePackType == MessagePackType.Map)
            {
                var fields = reader.ReadMapHeader();
                for (var j = 0; j < fields; j++)
                {
                    var field = ReadKey(ref reader);
                    if (field == Key.Invalid)
                    {
                        return BroadcastVerdict.Other;
                    }

                    if (field == Key.Packet)
                    {
                        // The packet carries no nsp here (it is in the envelope); this only finds data and checks type.
                        packetNamespace = TryReadPacket(ref reader, nsp, out _, out dataStart, out dataLength);
                    }
                    else if (field == Key.Opts)
                    {
                        optionsStart = (int)reader.Consumed;
                        reader.Skip();
                        optionsLength = (int)reader.Consumed - optionsStart;
                    }
                    else
                    {
                        withAck |= field == Key.RequestId && reader.NextMessagePackType == MessagePackType.String;
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (!reader.End || type < 0 || type > int.MaxValue)
        {
            return BroadcastVerdict.Other;
        }

        if (own == true || !sameNamespace)
        {
            return BroadcastVerdict.Ignore;
        }

        if (type != (long)ShardedMessageType.Broadcast || withAck || packetNamespace != true || dataLength == 0)
        {
            return BroadcastVerdict.Other;
        }

        parts = new BroadcastParts(IsJson: false, dataStart, dataLength, optionsStart, optionsLength);
        return BroadcastVerdict.Deliver;
    }

    // packet: { type?: 2|5, data: [...], nsp?: str }. False when it is not such a map (or type is something else).
    // sameNamespace: nsp equals the namespace, or nsp is missing and the namespace is "/".
    private static bool TryReadPacket(ref MessagePackReader reader, ReadOnlySpan<byte> nsp, out bool sameNamespace, out int dataStart, out int dataLength)
    {
        dataStart = dataLength = 0;
        sameNamespace = false;
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            reader.Skip();
            return false;
        }

        bool? namespaceMatches = null;
        var valid = true;
        var count = reader.ReadMapHeader();
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            if (key == Key.Invalid)
            {
                valid = false;
                reader.Skip();
                continue;
            }

            if (key == Key.Type)
            {
                if (reader.NextMessagePackType == MessagePackType.Integer)
                {
                    valid &= reader.ReadInt64() is 2 or 5;
                }
                else
                {
                    valid = false;
                    reader.Skip();
                }
            }
            else if (key == Key.Data && reader.NextMessagePackType == MessagePackType.Array)
            {
                dataStart = (int)reader.Consumed;
                reader.Skip();
                dataLength = (int)reader.Consumed - dataStart;
            }
            else if (key == Key.Nsp)
            {
                namespaceMatches = reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var name) ? name.SequenceEqual(nsp) : SkipFalse(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        sameNamespace = namespaceMatches ?? nsp.SequenceEqual("/"u8);
        return valid;
    }

    // A map key, as one of the names this reader looks for; Invalid (the key skipped) when it is not a string.
    private static Key ReadKey(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.String || !reader.TryReadStringSpan(out var key))
        {
            reader.Skip();
            return Key.Invalid;
        }

        return key switch
        {
            _ when key.SequenceEqual("type"u8) => Key.Type,
            _ when key.SequenceEqual("data"u8) => Key.Data,
            _ when key.SequenceEqual("nsp"u8) => Key.Nsp,
            _ when key.SequenceEqual("uid"u8) => Key.Uid,
            _ when key.SequenceEqual("packet"u8) => Key.Packet,
            _ when key.SequenceEqual("opts"u8) => Key.Opts,
            _ when key.SequenceEqual("requestId"u8) => Key.RequestId,
            _ => Key.Other,
        };
    }

    // Skips a value that is not the string expected (not consumed yet) and answers false.
    private static bool SkipFalse(ref MessagePackReader reader)
    {
        reader.Skip();
        return false;
    }

    private enum Key
    {
        Other,
        Invalid,
        Type,
        Data,
        Nsp,
        Uid,
        Packet,
        Opts,
        RequestId,
    }
}
