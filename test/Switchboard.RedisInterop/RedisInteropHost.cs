using System.Text.Json;
using Switchboard.SocketIO.Redis;

namespace Switchboard.RedisInterop;

/// <summary>
/// Serves Socket.IO at <c>/socket.io/</c> through the Redis adapter with the contract the Node side relies on:
/// a socket joins the room named in its handshake <c>auth.room</c> (when it is a string), and
/// <c>relay(room, event, ...args)</c> broadcasts <c>event</c> with those args to that room and acks <c>true</c>.
/// </summary>
public static class RedisInteropHost
{
    /// <summary>
    /// Builds the host from <c>--redis URL [--sharded] [--prefix P] [--dedicated-subscriber true|false]
    /// [--dedicated-publisher true|false] [--io inline|inline-pipes] [--ping-interval MS] --urls URL</c> (and any ASP.NET Core argument): the two flags set
    /// the adapter's options of those names (defaults otherwise), <c>--io inline</c> runs socket and Kestrel
    /// continuations inline, <c>--io inline-pipes</c> only Kestrel's.
    /// </summary>
    public static WebApplication Create(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var sharded = args.Contains("--sharded");
        var builder = WebApplication.CreateBuilder(args.Where(a => a != "--sharded").ToArray());
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var redis = builder.Configuration["redis"] ?? throw new InvalidOperationException("--redis redis://HOST:PORT is required");
        var prefix = builder.Configuration["prefix"];
        var dedicated = builder.Configuration.GetValue<bool?>("dedicated-subscriber");
        var publisher = builder.Configuration.GetValue<bool?>("dedicated-publisher");
        if (builder.Configuration["io"] == "inline")
        {
            // Node's model (as bench/Switchboard.BenchHost): socket completions on the epoll thread (read by
            // System.Net.Sockets when its first socket is created, so before any) and Kestrel's pipe continuations
            // inline, so a message is handled where its socket event arrives. Handlers must not block.
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }
        else if (builder.Configuration["io"] == "inline-pipes")
        {
            // Kestrel's pipe continuations inline, socket completions still dispatched to the thread pool (the
            // default): application code runs on pool threads as with the default scheduling, never on the epoll
            // thread, so blocking handlers stay safe; what goes is the IOQueue hop per flush and the pipe's hop per read.
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }

        builder.Services.AddSocketIO().AddRedisAdapter(o =>
        {
            o.Configuration = redis;
            o.Mode = sharded ? RedisAdapterMode.Sharded : RedisAdapterMode.Classic;
            if (dedicated is { } d)
            {
                o.DedicatedSubscriber = d;
            }
            if (publisher is { } p)
            {
                o.DedicatedPublisher = p;
            }
            if (prefix is not null)
            {
                o.ChannelPrefix = prefix;
            }
        });

        var pingInterval = builder.Configuration.GetValue<int?>("ping-interval");
        var app = builder.Build();
        app.MapSocketIO("/socket.io", io =>
        {
            io.OnConnection(socket =>
            {
                if (socket.Handshake.Auth.ValueKind == JsonValueKind.Object
                    && socket.Handshake.Auth.TryGetProperty("room", out var room) && room.ValueKind == JsonValueKind.String)
                {
                    socket.Join(room.GetString()!);
                }

                socket.On("relay", async e =>
                {
                    var target = e.Args.Get<string>(0);
                    var name = e.Args.Get<string>(1);
                    if (target is null || name is null)
                    {
                        return;
                    }

                    var rest = new object?[e.Args.Count - 2];
                    for (var i = 2; i < e.Args.Count; i++)
                    {
                        rest[i - 2] = e.Args.TryGetBytes(e.Args[i], out var bytes) ? bytes : e.Args[i];
                    }

                    await io.To(target).EmitAsync(name, rest);
                    e.Ack(true);
                });
            });
        }, engine =>
        {
            if (pingInterval is { } ms)
            {
                // Frequent heartbeats (a stress test of the pong racing deliveries); the default otherwise.
                engine.PingInterval = TimeSpan.FromMilliseconds(ms);
            }
        });
        return app;
    }
}
