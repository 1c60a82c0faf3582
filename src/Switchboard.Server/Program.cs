var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// The Open WebUI contract lands in later issues; until then the server hosts the real-time
// endpoint at /ws/socket.io (see README.md for what it serves at each stage).
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

app.Run();
