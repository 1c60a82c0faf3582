using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.Benchmarks;

/// <summary>
/// The Socket.IO layer alone, without a transport: decoding an event, encoding one, and a broadcast to a room of
/// 1,000 sockets (encoded once; each recipient costs one TrySend on a connection that accepts and drops it).
/// </summary>
[MemoryDiagnoser]
public class SocketIOPacketBenchmark
{
    private static readonly byte[] EventPacket = Encoding.UTF8.GetBytes(
        "2[\"chat:message\",{\"chat_id\":\"6f1c2a9e\",\"message_id\":\"b81f\",\"data\":{\"content\":\"Hello, how can I help you today?\"}}]");

    private static readonly JsonSerializerOptions Options = new SocketIOOptions().SerializerOptions;

    private readonly SocketPacketDecoder _decoder = new();
    private readonly object _payload = new Dictionary<string, object?> { ["chat_id"] = "6f1c2a9e", ["message_id"] = "b81f", ["content"] = "Hello, how can I help you today?" };
    private BroadcastOperator _room = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var server = new SocketIOServer(Microsoft.Extensions.Options.Options.Create(new SocketIOOptions()), new ServiceCollection().BuildServiceProvider());
        for (var i = 0; i < 1000; i++)
        {
            var connection = new DroppingConnection();
            await server.EngineHandler.OnOpenAsync(connection, CancellationToken.None);
            await server.EngineHandler.OnMessageAsync(connection, EngineMessage.Text("0"), CancellationToken.None);
        }

        foreach (var socket in server.Sockets.Sockets.Values)
        {
            socket.Join("room");
        }

        _room = server.To("room");
    }

    [Benchmark(Description = "decode event (text, ~110 bytes)")]
    public int DecodeEvent()
    {
        _decoder.TryDecodeText(EventPacket, out var packet);
        var length = packet!.Data!.RootElement.GetArrayLength();
        packet.Dispose();
        return length;
    }

    [Benchmark(Description = "encode event (name + object)")]
    public int EncodeEvent() => SocketPayloadWriter.Event("/", "chat:message", [_payload], -1, Options).Encoded.Length;

    [Benchmark(Description = "broadcast to a room of 1,000 sockets")]
    public ValueTask BroadcastToRoom() => _room.EmitAsync("chat:message", _payload);

    private sealed class DroppingConnection : IEngineConnection
    {
        public string Id { get; } = Guid.NewGuid().ToString("N")[..20];

        public EngineHandshake Handshake { get; } = new()
        {
            Headers = new Dictionary<string, string>(),
            Query = new Dictionary<string, string>(),
            Url = "/socket.io/",
        };

        public string Transport => "websocket";

        public bool IsWritable => true;

        public bool IsClosed => false;

        public CancellationToken Closed => CancellationToken.None;

        public bool TrySend(EngineMessage message) => true;

        public bool TrySend(ReadOnlySpan<EngineMessage> messages) => true;

        public void Close()
        {
        }
    }
}
