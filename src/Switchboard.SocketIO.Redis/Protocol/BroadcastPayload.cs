using System.Buffers;
using System.Text.Json;
using MessagePack;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// Turns the parts <see cref="BroadcastReader"/> found into what local delivery needs, decoding each once: the
/// outgoing EVENT (<c>packet.data</c>: JSON bytes used as they are, msgpack written straight to the packet's JSON with
/// binary placeholders) and the options. Malformed parts throw <see cref="InvalidDataException"/>.
/// </summary>
internal static class BroadcastPayload
{
    // A per-thread scratch buffer for msgpack turned into JSON; one that grew past this is not kept.
    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>The EVENT to deliver locally (no ack id), encoded once for every recipient.</summary>
    public static SocketPacket ReadPacket(ReadOnlyMemory<byte> message, in BroadcastParts parts, string nsp)
    {
        var data = message.Slice(parts.DataStart, parts.DataLength);
        return parts.IsJson ? ReadJsonPacket(data.Span, nsp) : ReadMsgPackPacket(data, nsp);
    }

    /// <summary>The broadcast's options (everything when the message had none).</summary>
    public static BroadcastOptions ReadOptions(ReadOnlyMemory<byte> message, in BroadcastParts parts)
    {
        if (parts.OptionsLength == 0)
        {
            return BroadcastOptions.All;
        }

        var options = message.Slice(parts.OptionsStart, parts.OptionsLength);
        try
        {
            if (parts.IsJson)
            {
                return WireOptions.Read(options.Span);
            }

            var reader = new MessagePackReader(options);
            return WireOptions.Read(ref reader);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("Malformed opts: " + ex.Message, ex);
        }
        catch (Exception ex) when (MsgPackToJson.IsMalformed(ex))
        {
            throw new InvalidDataException("Malformed opts: " + ex.Message, ex);
        }
    }

    private static SocketPacket ReadJsonPacket(ReadOnlySpan<byte> data, string nsp)
    {
        // The whole message was read (and so validated) already: only the shape of data is checked here.
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw NotAnEvent();
        }

        return SocketPacket.Create(SocketPacketType.Event, nsp, -1, data);
    }

    private static SocketPacket ReadMsgPackPacket(ReadOnlyMemory<byte> data, string nsp)
    {
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            var probe = new MessagePackReader(data);
            if (probe.ReadArrayHeader() == 0 || probe.NextMessagePackType != MessagePackType.String)
            {
                throw NotAnEvent();
            }

            var reader = new MessagePackReader(data);
            scratch.Writer.Reset(scratch.Buffer);
            MsgPackToJson.WriteValue(ref reader, scratch.Writer, scratch.Attachments, 1);
            scratch.Writer.Flush();
            return SocketPacket.Create(SocketPacketType.Event, nsp, -1, scratch.Buffer.WrittenSpan, scratch.Attachments.Count == 0 ? null : scratch.Attachments);
        }
        catch (Exception ex) when (MsgPackToJson.IsMalformed(ex))
        {
            throw new InvalidDataException("Malformed msgpack in packet.data: " + ex.Message, ex);
        }
        finally
        {
            if (scratch.Buffer.Capacity <= MaxKeptBuffer)
            {
                scratch.Clear();
                t_scratch = scratch;
            }
        }
    }

    private static InvalidDataException NotAnEvent() => new("packet.data is not [\"event\", ...args].");

    private sealed class Scratch
    {
        public Scratch()
        {
            Writer = new Utf8JsonWriter(Buffer, MsgPackToJson.Options);
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public List<ReadOnlyMemory<byte>> Attachments { get; } = [];

        public void Clear()
        {
            Buffer.ResetWrittenCount();
            Attachments.Clear();
        }
    }
}
