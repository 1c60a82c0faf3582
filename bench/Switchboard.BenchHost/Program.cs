using Switchboard.BenchHost;

// The Switchboard bench host: the contract of bench/node/server.mjs (the Node socket.io 4.8 reference),
// so bench/node/loadgen.mjs drives both the same way.
//   dotnet run -c Release --project bench/Switchboard.BenchHost -- --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Run a connection's work where its socket event arrives, as Node's one event loop does, instead of handing it
// between the epoll thread, Kestrel's I/O queue and the thread pool: socket completions inline on the epoll thread
// (read by System.Net.Sockets when the first socket is created, so before Build) and Kestrel's pipe continuations
// inline. Together with Engine.IO writing a handler's reply from the receive loop, an echo ack then needs no thread
// hop (see bench/README.md). Handlers must not block: a blocking handler stalls every connection on that thread.
// BENCH_THREAD_POOL=1 keeps the defaults, for comparison. BENCH_SCHEDULING=pipes keeps socket completions on the
// thread pool (so a blocking handler blocks a pool thread, not the epoll thread) but runs Kestrel's pipes inline:
// no I/O-queue hop per send and no pipe hop per receive.
var scheduling = Environment.GetEnvironmentVariable("BENCH_SCHEDULING")
    ?? (Environment.GetEnvironmentVariable("BENCH_THREAD_POOL") is null ? "inline" : "default");
if (scheduling is "inline")
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

if (scheduling is "inline" or "pipes")
{
    builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = true);
}

builder.Services.AddSocketIO(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJsonContext.Default));

// BENCH_WRITE_COALESCING_MS=N: the WebSocket flush tick (EngineIOOptions.WriteCoalescingDelay), off by default.
if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_WRITE_COALESCING_MS"), out var coalescingMs))
{
    builder.Services.AddEngineIO(options => options.WriteCoalescingDelay = TimeSpan.FromMilliseconds(coalescingMs));
}

var app = builder.Build();
app.MapSocketIO("/ws/socket.io", BenchHandlers.Register);
app.MapGet("/perf/info", () => TypedResults.Json(new PerfInfo("switchboard", Environment.ProcessId), BenchJsonContext.Default.PerfInfo));

app.MapGet("/perf/runtime", () => TypedResults.Json(
    new PerfRuntime(
        System.Runtime.JitInfo.GetCompiledMethodCount(),
        System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
        GC.CollectionCount(0),
        GC.GetTotalPauseDuration().TotalMilliseconds,
        GC.GetTotalAllocatedBytes()),
    BenchJsonContext.Default.PerfRuntime));

// A diagnostic beside RSS: the live managed heap after a full, compacting collection.
app.MapGet("/perf/heap", () =>
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    return TypedResults.Json(new PerfHeap(GC.GetTotalMemory(forceFullCollection: true)), BenchJsonContext.Default.PerfHeap);
});

app.Run();
