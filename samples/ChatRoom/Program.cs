using System.Text.Json;
using Switchboard.SocketIO;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSocketIO();               // options: builder.Services.AddSocketIO(o => o.ConnectTimeout = ...)
var app = builder.Build();

app.MapSocketIO("/ws/socket.io", io =>
{
    // Every client names itself in socket.io-client's `auth`; without a name it gets connect_error.
    io.Use((socket, _) => socket.Handshake.Auth.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
        ? ValueTask.CompletedTask
        : throw new SocketConnectException("name required", new { field = "name" }));

    io.OnConnection(socket =>
    {
        var name = socket.Handshake.Auth.GetProperty("name").GetString()!;

        // join {room} -> ack with how many are in the room now
        socket.On<JoinRequest, int>("join", async request =>
        {
            socket.Join(request!.Room);
            await socket.To(request.Room).EmitAsync("joined", new { name, request.Room });
            return (await io.In(request.Room).FetchSocketsAsync()).Count;
        });

        // say {room, text} -> everyone in the room, the sender included, gets "message"
        socket.On<ChatLine>("say", line => io.To(line!.Room).EmitAsync("message", new { from = name, line.Room, line.Text }));

        socket.OnDisconnecting(async (s, _) =>
        {
            foreach (var room in s.Rooms.Where(r => r != s.Id))
            {
                await s.To(room).EmitAsync("left", new { name, room });
            }
        });
    });
});

app.Run();

internal sealed record JoinRequest(string Room);

internal sealed record ChatLine(string Room, string Text);
