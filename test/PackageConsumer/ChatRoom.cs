using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO;

namespace PackageConsumer;

/// <summary>The README's chat room, as an application would write it against the Switchboard.SocketIO package.</summary>
public static class ChatRoom
{
    public static WebApplication Create(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        // Reflection-based JSON is off in this project (as in a native AOT app): the chat's types are source-generated.
        builder.Services.AddSocketIO(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ChatJson.Default));
        var app = builder.Build();
        app.MapSocketIO("/socket.io", Configure);
        return app;
    }

    private static void Configure(SocketIOServer io)
    {
        // Every client names itself in socket.io-client's `auth`; without a name it gets connect_error.
        io.Use((socket, _) => socket.Handshake.Auth.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? ValueTask.CompletedTask
            : throw new SocketConnectException("name required"));

        io.OnConnection(socket =>
        {
            var name = socket.Handshake.Auth.GetProperty("name").GetString()!;

            // join {room} -> ack with how many are in the room now
            socket.On<JoinRequest, int>("join", async request =>
            {
                socket.Join(request!.Room);
                await socket.To(request.Room).EmitAsync("joined", new Joined(name, request.Room));
                return (await io.In(request.Room).FetchSocketsAsync()).Count;
            });

            // say {room, text} -> everyone in the room, the sender included, gets "message"
            socket.On<ChatLine>("say", line => io.To(line!.Room).EmitAsync("message", new ChatMessage(name, line.Room, line.Text)));
        });
    }
}
