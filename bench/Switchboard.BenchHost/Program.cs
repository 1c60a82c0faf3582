using Switchboard.BenchHost;

// The Switchboard bench host: the contract of bench/node/server.mjs (the Node socket.io 4.8 reference),
// so bench/node/loadgen.mjs drives both the same way.
//   dotnet run -c Release --project bench/Switchboard.BenchHost -- --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

builder.Services.AddSocketIO(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

var app = builder.Build();
app.MapSocketIO("/ws/socket.io", BenchHandlers.Register);
app.MapGet("/perf/info", () => TypedResults.Json(new PerfInfo("switchboard", Environment.ProcessId), BenchJsonContext.Default.PerfInfo));

// A diagnostic beside RSS: the live managed heap after a full, compacting collection.
app.MapGet("/perf/heap", () =>
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return TypedResults.Json(new PerfHeap(GC.GetTotalMemory(forceFullCollection: true)), BenchJsonContext.Default.PerfHeap);
});

app.Run();
