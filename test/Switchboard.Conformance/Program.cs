var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// Filled by the Engine.IO issue (/engine.io/, raw echo) and the Socket.IO issue (/socket.io/).
app.Run();
