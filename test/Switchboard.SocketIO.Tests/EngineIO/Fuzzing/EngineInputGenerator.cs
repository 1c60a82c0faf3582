using System.Buffers;
using System.Text;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.Tests.EngineIO.Fuzzing;

/// <summary>
/// Generates Engine.IO inputs for the parser fuzz tests: valid packets and polling payloads (written by
/// <see cref="EnginePacketWriter"/>, so their expected parse is known), and mutations of them that a hostile or broken
/// client could send (bit flips, interesting bytes, insertions, deletions, duplications, truncations, splices).
/// Deterministic for a seed.
/// </summary>
internal sealed class EngineInputGenerator(int seed)
{
    // Bytes that steer parsers into their branches: the separator, type digits, the base64 marker, padding, and UTF-8
    // lead/continuation bytes.
    private static readonly byte[] Interesting = [0x1E, (byte)'0', (byte)'4', (byte)'6', (byte)'7', (byte)'9', (byte)'b', (byte)'=', (byte)'+', (byte)'/', (byte)' ', (byte)'\n', 0x00, 0x7F, 0x80, 0xC0, 0xE2, 0xF0, 0xFF];
    private static readonly string[] Words = ["hello", "probe", "é", "🌍", "[\"message\",1]", "{\"a\":[true,null]}", "\\u0000", "\"", " ", "b"];

    private readonly Random _random = new(seed);

    /// <summary>A valid packet (as the server or engine.io-client would write it).</summary>
    public EnginePacket Packet()
    {
        switch (_random.Next(6))
        {
            case 0:
                return new EnginePacket(EnginePacketType.Message, Bytes(_random.Next(64)), IsBinary: true);
            case 1:
                return _random.Next(2) == 0 ? EnginePacket.ProbePong : new EnginePacket(EnginePacketType.Ping, "probe"u8.ToArray());
            case 2:
                return new EnginePacket((EnginePacketType)_random.Next(7), ReadOnlyMemory<byte>.Empty);
            case 3:
                return new EnginePacket(EnginePacketType.Message, Text(200 + _random.Next(2000)));
            default:
                return new EnginePacket((EnginePacketType)_random.Next(7), Text(_random.Next(40)));
        }
    }

    /// <summary>One packet in its text form (a WebSocket text frame or one polling record).</summary>
    public static byte[] PacketText(EnginePacket packet)
    {
        var output = new ArrayBufferWriter<byte>();
        EnginePacketWriter.WriteText(packet, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A polling payload of 1 to 8 packets, and the packets it encodes.</summary>
    public (byte[] Payload, EnginePacket[] Packets) Payload()
    {
        var packets = new EnginePacket[1 + _random.Next(8)];
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i] = Packet();
            EnginePacketWriter.WritePayloadRecord(packets[i], output, isFirst: i == 0);
        }

        return (output.WrittenSpan.ToArray(), packets);
    }

    /// <summary>Applies 1 to 4 random mutations (or, one time in eight, returns random bytes).</summary>
    public byte[] Mutate(byte[] input)
    {
        if (_random.Next(8) == 0)
        {
            return Bytes(_random.Next(48));
        }

        var data = new List<byte>(input);
        var mutations = 1 + _random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            var at = data.Count == 0 ? 0 : _random.Next(data.Count);
            switch (_random.Next(8))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = Interesting[_random.Next(Interesting.Length)];
                    break;
                case 2:
                    data.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 3 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(8)));
                    break;
                case 4 when data.Count > 0:
                    var length = Math.Min(data.Count - at, 1 + _random.Next(16));
                    data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 5 when data.Count > 0:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 6:
                    data.InsertRange(at, PacketText(Packet()));
                    break;
                default:
                    data.Insert(at, (byte)_random.Next(256));
                    break;
            }
        }

        return [.. data];
    }

    /// <summary>Splits <paramref name="data"/> into a sequence of 1 to 5 segments at random places (some empty).</summary>
    public ReadOnlySequence<byte> Split(byte[] data)
    {
        var cuts = new List<int> { 0, data.Length };
        var extra = _random.Next(5);
        for (var i = 0; i < extra; i++)
        {
            cuts.Add(_random.Next(data.Length + 1));
        }

        cuts.Sort();
        Segment? first = null;
        Segment? last = null;
        for (var i = 0; i + 1 < cuts.Count; i++)
        {
            var piece = data.AsMemory(cuts[i], cuts[i + 1] - cuts[i]);
            if (first is null)
            {
                first = last = new Segment(piece, 0);
            }
            else
            {
                last = last!.Append(piece);
            }
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public bool Chance(int oneIn) => _random.Next(oneIn) == 0;

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    // UTF-8 text without the record separator (a text packet cannot carry 0x1E inside a polling payload).
    private byte[] Text(int approximateLength)
    {
        var text = new StringBuilder();
        while (text.Length < approximateLength)
        {
            text.Append(_random.Next(3) == 0 ? Words[_random.Next(Words.Length)] : (char)('a' + _random.Next(26)));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
