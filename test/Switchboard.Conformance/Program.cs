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
});

var app = builder.Build();

// Engine.IO suite (socketio/engine.io-protocol, test-suite/): a raw echo at /engine.io/.
app.MapEngineIO("/engine.io", _ => new EchoEngineHandler());

// Socket.IO suite (socketio/socket.io-protocol, test-suite/): /socket.io/ is added here by the Socket.IO layer.

app.Run();
