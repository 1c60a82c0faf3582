using System.Collections.Concurrent;
using System.Diagnostics;

namespace Switchboard.SocketIO.Tests.Diagnostics;

/// <summary>Records the finished spans of Switchboard and of ASP.NET Core's request handling (all tests share the sources: filter by ids).</summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SocketIOTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public IReadOnlyList<Activity> Events(string socketId) =>
        [.. Stopped.Where(a => a.OperationName == "Switchboard.SocketIO.Event" && (a.GetTagItem("socketio.socket.id") as string) == socketId)];

    public Activity? BySpanId(ActivitySpanId id) => Stopped.FirstOrDefault(a => a.SpanId == id);

    public void Dispose() => _listener.Dispose();
}
