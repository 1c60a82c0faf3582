using Switchboard.SocketIO.EngineIO;

// Host for the official conformance suites (see README, "Development"). Both suites hard-code
// http://localhost:3000 and expect pingInterval 300, pingTimeout 200, maxPayload 1000000 and CORS "*".
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddEngineIO(options =>
{
    options.PingInterval = TimeSpan.FromMilliseconds(300);
    options.PingTimeout = TimeSpan.FromMilliseconds(200);
    options.MaxPayload = 1_000_000;
    options.AllowedOrigins.Add("*");
    // The suites can be run with the WebSocket flush tick on: --EngineIO:WriteCoalescingDelay 00:00:00.005
    options.WriteCoalescingDelay = builder.Configuration.GetValue("EngineIO:WriteCoalescingDelay", TimeSpan.Zero);
});

builder.Services.AddSocketIO(options => options.ConnectTimeout = TimeSpan.FromMilliseconds(1000));

var app = builder.Build();

// Engine.IO suite (socketio/engine.io-protocol, test-suite/): a raw echo at /engine.io/.
app.MapEngineIO("/engine.io", _ => new EchoEngineHandler());

// Socket.IO suite (socketio/socket.io-protocol, test-suite/): the handlers of its README (socketio-wire.md §2.3)
// at /socket.io/, with connectTimeout 1000; any namespace but / and /custom is refused.
app.MapSocketIO("/socket.io", io =>
{
    io.OnConnection(async socket =>
    {
        socket.On("message", e => e.Socket.EmitAsync("message-back", e.Args));
        socket.On("message-with-ack", e => e.Ack(e.Args));
        await socket.EmitAsync("auth", socket.Handshake.Auth);
    });
    io.Of("/custom").OnConnection(socket => socket.EmitAsync("auth", socket.Handshake.Auth));
});

app.Run();
