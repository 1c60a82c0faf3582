using System.Text.Json;
using Switchboard.SocketIO;

namespace Switchboard.BenchHost;

/// <summary>
/// The bench contract (see bench/node/server.mjs): every socket joins <c>user:&lt;auth.user or sid&gt;</c>;
/// <c>echo</c> acks its payload, <c>join</c> joins a room, <c>fanout</c> emits <c>msg</c> to a room and
/// <c>stream</c> emits Open WebUI <c>events</c> envelopes to the sender's user room, each then acks. Every
/// emit is awaited, so a producer goes at its slowest recipient's pace (flow control).
/// </summary>
internal static class BenchHandlers
{
    public static void Register(SocketIOServer io)
    {
        var main = io.Sockets;
        io.OnConnection(socket =>
        {
            var room = "user:" + (UserOf(socket.Handshake.Auth) ?? socket.Id);
            socket.Data = room;
            socket.Join(room);
        });

        // Namespace-wide handlers: one table for all sockets rather than one per connection.
        main.On("echo", e => e.Ack(e.Args));

        main.On("join", e =>
        {
            e.Socket.Join(StringOf(e.Args, "room") ?? string.Empty);
            e.Ack();
        });

        main.On("fanout", async e =>
        {
            // Copy what is needed first: the arguments are only valid until the handler completes.
            var room = StringOf(e.Args, "room") ?? string.Empty;
            var count = IntOf(e.Args, "count");
            var filler = new string('x', Math.Max(0, IntOf(e.Args, "size")));
            var t = DoubleOf(e.Args, "t");
            var seq = DoubleOf(e.Args, "seq");
            var target = io.To(room);
            for (var i = 0; i < count; i++)
            {
                await target.EmitAsync("msg", new FanoutMessage(seq, i, t, filler));
            }

            e.Ack();
        });

        main.On("stream", async e =>
        {
            var count = IntOf(e.Args, "count");
            var content = new string('x', Math.Max(0, IntOf(e.Args, "size")));
            var chatId = StringOf(e.Args, "chat_id") ?? "chat";
            var messageId = StringOf(e.Args, "message_id") ?? "message";
            var target = io.To((string)e.Socket.Data!); // set on connection, before any event
            for (var i = 0; i < count; i++)
            {
                var data = new ChatCompletionData(i, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), content);
                await target.EmitAsync("events", new ChatEvent(chatId, messageId, new ChatEventData("chat:completion", data)));
            }

            e.Ack();
        });
    }

    private static string? UserOf(JsonElement auth) =>
        auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.String
            ? user.GetString()
            : null;

    private static string? StringOf(SocketArgs args, string name) =>
        args.Count > 0 && args[0].ValueKind == JsonValueKind.Object && args[0].TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static double DoubleOf(SocketArgs args, string name) =>
        args.Count > 0 && args[0].ValueKind == JsonValueKind.Object && args[0].TryGetProperty(name, out var value)
            && value.TryGetDouble(out var number)
            ? number
            : 0;

    private static int IntOf(SocketArgs args, string name) =>
        args.Count > 0 && args[0].ValueKind == JsonValueKind.Object && args[0].TryGetProperty(name, out var value)
            && value.TryGetInt32(out var number)
            ? number
            : 0;
}
