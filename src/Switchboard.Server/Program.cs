using Switchboard.SocketIO.EngineIO;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEngineIO();
var app = builder.Build();

// The Open WebUI contract lands in later issues; until then the server hosts the real-time
// endpoint at /ws/socket.io (see README.md for what it serves at each stage).
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

// Stage 1: a raw Engine.IO echo (every message straight back), replaced by Socket.IO once that layer lands.
app.MapEngineIO("/ws/socket.io", _ => new EchoEngineHandler());

app.Run();
