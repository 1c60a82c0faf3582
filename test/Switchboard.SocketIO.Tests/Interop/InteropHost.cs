using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.Tests.Interop;

/// <summary>
/// A real Kestrel on 127.0.0.1 (port 0) serving a Socket.IO server at <c>/socket.io/</c> with the handlers
/// <c>test/interop/socketio-scenarios.mjs</c> drives with the real npm socket.io-client.
/// </summary>
internal sealed class InteropHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InteropHost(WebApplication app, SocketIOServer server)
    {
        _app = app;
        Server = server;
        Url = app.Urls.First();
    }

    public string Url { get; }

    public SocketIOServer Server { get; }

    public static async Task<InteropHost> StartAsync(bool recovery = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddEngineIO(o =>
        {
            // Pings go on during every scenario, but with room to spare: a ping timeout on a busy machine would
            // reconnect the client mid-scenario and make its checks fail for the wrong reason. A ping queued behind a
            // burst's events reaches a CPU-starved client late (CI, tests in parallel: the burst's client dropped
            // after 18 s with 2 + 5 s), so the client waits up to 2 + 30 s.
            o.PingInterval = TimeSpan.FromSeconds(2);
            o.PingTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddSocketIO(o =>
        {
            if (recovery)
            {
                o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions();
            }
        });
        var app = builder.Build();
        app.MapSocketIO("/socket.io", Configure);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new InteropHost(app, app.Services.GetRequiredService<SocketIOServer>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await _app.DisposeAsync();
    }

    private static void Configure(SocketIOServer io)
    {
        io.Use((socket, _) => socket.Handshake.Auth.TryGetProperty("token", out var token) && token.ValueEquals("bad")
            ? throw new SocketConnectException("Not authorized", new { Code = 401, Reason = "bad token" })
            : ValueTask.CompletedTask);

        io.OnConnection(async socket =>
        {
            if (socket.Handshake.Auth.TryGetProperty("room", out var room) && room.ValueKind == JsonValueKind.String)
            {
                socket.Join(room.GetString()!);
            }

            socket.On("echo", e => e.Socket.EmitAsync("echo-back", e.Args));
            socket.On("sum", e => e.Ack(e.Args.Get<int>(0) + e.Args.Get<int>(1)));
            socket.On("who", e => e.Ack("main", e.Socket.Id));
            socket.On("join", e =>
            {
                e.Socket.Join(e.Args.Get<string>(0)!);
                e.Ack(true);
            });
            socket.On("shout", e => e.Socket.To(e.Args.Get<string>(0)!).EmitAsync("shouted", e.Socket.Id));
            socket.On("all-except", e => io.To(e.Args.Get<string>(0)!).Except(e.Args.Get<string>(1)!).EmitAsync("filtered", e.Args.Get<string>(1)));
            socket.On("bin", e =>
            {
                var bytes = e.Args.Get<byte[]>(0)!;
                var nested = e.Args.TryGetBytes(e.Args[1].GetProperty("inner"), out var inner) ? inner.ToArray() : [];
                e.Ack(bytes.Reverse().ToArray(), new Dictionary<string, object?> { ["len"] = bytes.Length, ["inner"] = nested });
                return e.Socket.EmitAsync("bin-back", new byte[] { 9, 8, 7 }, new Dictionary<string, object?> { ["deep"] = new object?[] { new byte[] { 1 } } });
            });
            socket.On("ask-me", async e =>
            {
                var answer = await e.Socket.EmitWithAckAsync<string>("question", ["what?"], TimeSpan.FromSeconds(5));
                await e.Socket.EmitAsync("answer-result", answer);
                try
                {
                    await e.Socket.EmitWithAckAsync("ignored", [], TimeSpan.FromMilliseconds(300));
                    await e.Socket.EmitAsync("server-timeout", false);
                }
                catch (TimeoutException)
                {
                    await e.Socket.EmitAsync("server-timeout", true);
                }
            });
            socket.On("burst", async e =>
            {
                // A fast producer streaming to the sender's user room, awaiting each emit (issue 13).
                var target = io.To(e.Args.Get<string>(0)!);
                var count = e.Args.Get<int>(1);
                for (var i = 0; i < count; i++)
                {
                    await target.EmitAsync("burst-event", new BurstEvent(i, "chunk " + i.ToString(CultureInfo.InvariantCulture)));
                }

                e.Ack(count);
            });
            socket.On("ask-room", async e =>
            {
                var result = await io.To(e.Args.Get<string>(0)!).Timeout(TimeSpan.FromSeconds(2)).EmitWithAckAsync("poll", []);
                e.Ack(result.Responses.Count, result.TimedOut);
            });
            socket.On("register", e =>
            {
                // Open WebUI's direct connections: a handler for a name made at runtime, removed after {done:true}.
                var name = $"user-1:{e.Socket.Id}:{Guid.NewGuid()}";
                var received = new List<string>();
                IDisposable? subscription = null;
                subscription = io.On(name, ev =>
                {
                    received.Add(ev.Args[0].GetRawText());
                    if (ev.Args[0].ValueKind == JsonValueKind.Object)
                    {
                        subscription!.Dispose();
                        return ev.Socket.EmitAsync("dyn-got", received);
                    }

                    return ValueTask.CompletedTask;
                });
                e.Ack(name);
            });
            socket.OnDisconnect(async (s, reason) =>
            {
                if (reason.IsRecoverable() && io.Options.ConnectionStateRecovery is not null)
                {
                    // Sent while the client is away: recovery must replay these in order.
                    await io.To(s.Id).EmitAsync("missed", 1);
                    await io.To(s.Id).EmitAsync("missed", 2);
                }
            });

            await socket.EmitAsync("auth", socket.Handshake.Auth, socket.Recovered);
        });

        io.Of("/admin").OnConnection(socket => socket.On("who", e => e.Ack("admin", e.Socket.Id)));
    }

    private sealed record BurstEvent(int I, string Content);
}
