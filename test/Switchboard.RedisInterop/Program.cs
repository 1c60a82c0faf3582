using Switchboard.RedisInterop;

// Interop host for the Redis adapter (issue 11, socketio-wire.md §5.6):
//   dotnet run -c Release --project test/Switchboard.RedisInterop -- --redis redis://127.0.0.1:PORT [--sharded] --urls http://127.0.0.1:PORT2
await RedisInteropHost.Create(args).RunAsync();
