// The Open WebUI real-time server: `dotnet run --project src/Switchboard.Server -- --urls http://127.0.0.1:8080`
// starts it on embedded defaults (SQLite webui.db and a generated secret in ./data). See README.md.
var app = Switchboard.Server.SwitchboardApp.Build(args);
app.Run();
