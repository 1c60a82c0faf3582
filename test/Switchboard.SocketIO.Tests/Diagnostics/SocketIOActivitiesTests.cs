using System.Diagnostics;
using System.Net.WebSockets;
using Switchboard.SocketIO.Tests.EngineIO;

namespace Switchboard.SocketIO.Tests.Diagnostics;

public sealed class SocketIOActivitiesTests
{
    private const string RequestIn = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    [Fact]
    public async Task HandledEvent_OverPolling_SpanIsChildOfThePostAndParentOfItsEmit()
    {
        using var spans = new SpanRecorder();
        await using var host = await TelemetryHost.StartAsync();
        var session = await host.OpenPollingAsync();
        await session.PostAsync("40");
        var sid = SocketId(await session.PollUntilAsync("40{"));
        await session.PostAsync("""42["hello","x"]""", """42["boom"]""", """42["nobody"]""");
        await session.PollUntilAsync("""42["hi","x"]""");

        var events = spans.Events(sid);
        Assert.Equal(2, events.Count);
        var hello = Assert.Single(events, a => (string?)a.GetTagItem("socketio.event.name") == "hello");
        Assert.Equal("process hello", hello.DisplayName);
        Assert.Equal(ActivityKind.Consumer, hello.Kind);
        Assert.Equal("/", hello.GetTagItem("socketio.namespace"));
        Assert.Equal(RequestIn, spans.BySpanId(hello.ParentSpanId)?.OperationName);

        var boom = Assert.Single(events, a => (string?)a.GetTagItem("socketio.event.name") == "boom");
        Assert.Equal(ActivityStatusCode.Error, boom.Status);

        // The handler's emit is a Producer span inside the handler's span.
        var emit = Assert.Single(spans.Stopped, a => a.OperationName == "Switchboard.SocketIO.Emit" && a.ParentSpanId == hello.SpanId);
        Assert.Equal(ActivityKind.Producer, emit.Kind);
        Assert.Equal("hi", emit.GetTagItem("socketio.event.name"));
        Assert.Equal(sid, emit.GetTagItem("socketio.socket.id"));
    }

    [Fact]
    public async Task HandledEvent_OverWebSocket_OwnTraceLinkedToTheUpgradeRequest()
    {
        using var spans = new SpanRecorder();
        await using var host = await TelemetryHost.StartAsync();
        using var socket = await host.OpenWebSocketAsync();
        await TelemetryHost.ReceiveTextAsync(socket);
        await TelemetryHost.SendTextAsync(socket, "40");
        var sid = SocketId(await TelemetryHost.ReceiveTextAsync(socket));
        await TelemetryHost.SendTextAsync(socket, """42["hello",1]""");
        await TelemetryHost.ReceiveTextAsync(socket);

        var hello = Assert.Single(spans.Events(sid));
        Assert.Equal(default, hello.ParentSpanId);
        var link = Assert.Single(hello.Links);
        Assert.NotEqual(hello.TraceId, link.Context.TraceId);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();

        // The link points at the WebSocket request, which ends with the connection.
        await Eventually.TrueAsync(() => spans.BySpanId(link.Context.SpanId) is not null);
        Assert.Equal(RequestIn, spans.BySpanId(link.Context.SpanId)!.OperationName);
    }

    [Fact]
    public async Task Emit_FromAnHttpRequest_ContinuesTheRequestTrace()
    {
        using var spans = new SpanRecorder();
        await using var host = await TelemetryHost.StartAsync();
        var session = await host.OpenPollingAsync();
        await session.PostAsync("40");
        await session.PollUntilAsync("40{");

        var traceId = await host.Http.GetStringAsync("/notify").DefaultTimeout();
        await session.PollUntilAsync("""42["news",1]""");

        var emit = Assert.Single(spans.Stopped, a => a.OperationName == "Switchboard.SocketIO.Emit" && a.TraceId.ToString() == traceId);
        Assert.Equal("news", emit.GetTagItem("socketio.event.name"));
        Assert.Equal("send /", emit.DisplayName);
        Assert.Equal(RequestIn, spans.BySpanId(emit.ParentSpanId)?.OperationName);
    }

    private static string SocketId(string connectPacket)
    {
        using var json = System.Text.Json.JsonDocument.Parse(connectPacket[2..]);
        return json.RootElement.GetProperty("sid").GetString()!;
    }
}
