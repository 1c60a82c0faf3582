using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.Benchmarks;

/// <summary>
/// Engine.IO packet parsing and encoding, per message. The inputs match bench/engineio/parser-bench.mjs, which runs the
/// same operations on npm engine.io-parser 5.2 for the Node comparison in bench/README.md.
/// </summary>
[MemoryDiagnoser]
public class EngineIOParserBenchmark
{
    // A typical Socket.IO chat event as an Engine.IO message (about 120 bytes).
    private static readonly byte[] TextFrame = Encoding.UTF8.GetBytes(
        "42[\"chat:message\",{\"chat_id\":\"6f1c2a9e\",\"message_id\":\"b81f\",\"data\":{\"content\":\"Hello, how can I help you today?\"}}]");

    // A polling payload: two text messages and one 64-byte binary attachment in base64.
    private static readonly byte[] Payload = BuildPayload();

    private static readonly EnginePacket TextPacket = EnginePacketReader.ReadText(TextFrame);
    private static readonly EnginePacket BinaryPacket = EnginePacket.FromMessage(EngineMessage.Binary(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray()));

    private readonly ArrayBufferWriter<byte> _output = new(4096);

    [Benchmark(Description = "parse text frame (1 message)")]
    public int ParseTextFrame() => EnginePacketReader.ReadText(TextFrame).Data.Length;

    [Benchmark(Description = "parse polling payload (3 messages)")]
    public int ParsePollingPayload()
    {
        var input = new ReadOnlySequence<byte>(Payload);
        var count = 0;
        while (PollingPayloadReader.TryParsePacket(ref input, isFinalBlock: true, out _))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "encode text frame (1 message)")]
    public int EncodeTextFrame()
    {
        _output.ResetWrittenCount();
        EnginePacketWriter.WriteWebSocketFrame(TextPacket, _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "encode polling payload (3 messages)")]
    public int EncodePollingPayload()
    {
        _output.ResetWrittenCount();
        EnginePacketWriter.WritePayloadRecord(TextPacket, _output, isFirst: true);
        EnginePacketWriter.WritePayloadRecord(TextPacket, _output, isFirst: false);
        EnginePacketWriter.WritePayloadRecord(BinaryPacket, _output, isFirst: false);
        return _output.WrittenCount;
    }

    private static byte[] BuildPayload()
    {
        var output = new ArrayBufferWriter<byte>();
        var text = EnginePacketReader.ReadText(TextFrame);
        var binary = EnginePacket.FromMessage(EngineMessage.Binary(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray()));
        EnginePacketWriter.WritePayloadRecord(text, output, isFirst: true);
        EnginePacketWriter.WritePayloadRecord(text, output, isFirst: false);
        EnginePacketWriter.WritePayloadRecord(binary, output, isFirst: false);
        return output.WrittenSpan.ToArray();
    }
}
