using System.Text.Json;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// <see cref="BroadcastReader.ReadSharded"/> for a message written as JSON (a sharded broadcast without binary):
/// <c>{"type":3,"data":{"packet":{"type":2,"data":[...]},"opts":{...}},"uid":"...","nsp":"/"}</c>, keys in any
/// order. <c>packet.data</c> is already the Socket.IO payload: its bytes are used as they are. Throws
/// <see cref="JsonException"/> on malformed JSON (the caller answers <see cref="BroadcastVerdict.Other"/>).
/// </summary>
internal static class ShardedJsonReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = MsgPackToJson.MaxDepth + 2 };

    public static BroadcastVerdict Read(ReadOnlySpan<byte> json, ReadOnlySpan<byte> ownUid, ReadOnlySpan<byte> nsp, out BroadcastParts parts)
    {
        parts = default;
        var reader = new Utf8JsonReader(json, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return BroadcastVerdict.Other;
        }

        long type = -1;
        var own = false;
        var sameNamespace = false;
        var withAck = false;
        var validPacket = false;
        int dataStart = 0, dataLength = 0, optionsStart = 0, optionsLength = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out type))
                {
                    return BroadcastVerdict.Other;
                }
            }
            else if (reader.ValueTextEquals("uid"u8))
            {
                reader.Read();
                own = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(ownUid);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("nsp"u8))
            {
                reader.Read();
                sameNamespace = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(nsp);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("packet"u8))
                    {
                        reader.Read();
                        validPacket = ReadPacket(ref reader, out dataStart, out dataLength);
                    }
                    else if (reader.ValueTextEquals("opts"u8))
                    {
                        reader.Read();
                        optionsStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        optionsLength = (int)reader.BytesConsumed - optionsStart;
                    }
                    else
                    {
                        var isRequestId = reader.ValueTextEquals("requestId"u8);
                        reader.Read();
                        withAck |= isRequestId && reader.TokenType == JsonTokenType.String;
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Reading on from the end object checks that nothing but whitespace follows.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || type < 0 || type > int.MaxValue)
        {
            return BroadcastVerdict.Other;
        }

        if (own || !sameNamespace)
        {
            return BroadcastVerdict.Ignore;
        }

        if (type != (long)ShardedMessageType.Broadcast || withAck || !validPacket || dataLength == 0)
        {
            return BroadcastVerdict.Other;
        }

        parts = new BroadcastParts(IsJson: true, dataStart, dataLength, optionsStart, optionsLength);
        return BroadcastVerdict.Deliver;
    }

    // packet: { type?: 2|5, data: [...] }; the reader is on its first token and is left on its last.
    private static bool ReadPacket(ref Utf8JsonReader reader, out int dataStart, out int dataLength)
    {
        dataStart = dataLength = 0;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        var valid = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                valid &= reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var type) && type is 2 or 5;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    dataStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    dataLength = (int)reader.BytesConsumed - dataStart;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return valid;
    }
}
