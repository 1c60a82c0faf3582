using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Switchboard.Server.Auth;
using Switchboard.Server.Chat;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Documents;
using Switchboard.SocketIO;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>The server's own meter and the spans of a scripted session, read in-process.</summary>
[Collection(SerialTelemetryTests.Name)]
public sealed class ServerTelemetryTests
{
    private static readonly Dictionary<string, string?> TracesOn = new()
    {
        ["ENABLE_OTEL"] = "true",
        ["ENABLE_OTEL_TRACES"] = "true",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9", // nobody listens: the OTLP export fails quietly
    };

    [Fact]
    public async Task Session_ServerMeter_CountsWhatHappened()
    {
        await using var server = await DocumentServer.StartAsync(TracesOn);
        using var meters = new MeterReader(server.Services.GetRequiredService<IMeterFactory>(), SwitchboardTelemetry.MeterName);
        var owner = await DocumentSeed.UserAsync(server);
        var editor = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        await DocumentSeed.GrantAsync(server, note, editor, "read");
        var a = await server.ConnectAsync(owner);
        var b = await server.ConnectAsync(editor);
        var anonymous = await server.ConnectAsync(null);

        // Refused: an anonymous heartbeat, a user-join with a token of another deployment, a join without a document id.
        await anonymous.CallAsync("heartbeat", new { });
        var foreign = JwtToken.Create(new JwtClaims { UserId = owner }, Encoding.UTF8.GetBytes("another-deployment"));
        await anonymous.CallAsync("user-join", new { auth = new { token = foreign } });
        await b.CallAsync("ydoc:document:join", new { user_id = editor });

        await a.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        await b.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        for (var i = 0; i < 3; i++)
        {
            await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(i, (char)('a' + i))) });
        }

        var emitter = server.Services.GetRequiredService<IChatEventEmitter>();
        await emitter.EmitAsync(new ChatEventTarget { UserId = owner, ChatId = "local:x", MessageId = "m" }, new JsonObject { ["type"] = "status", ["data"] = new JsonObject() });
        await emitter.EmitAsync(new ChatEventTarget { UserId = owner, ChatId = "local:x", MessageId = "m" }, new JsonObject { ["type"] = "status", ["data"] = new JsonObject() });

        Assert.Equal(2, meters.Observe("switchboard.users.active"));
        Assert.Equal(2, meters.Observe("switchboard.sockets", ("switchboard.socket.authenticated", true)));
        Assert.Equal(1, meters.Observe("switchboard.sockets", ("switchboard.socket.authenticated", false)));
        Assert.Equal(1, meters.Observe("switchboard.documents.open"));
        Assert.Equal(3, meters.Sum("switchboard.documents.updates"));
        Assert.Equal(2, meters.Sum("switchboard.chat.events", ("switchboard.chat.event.type", "status")));
        Assert.Equal(0, meters.Sum("switchboard.chat.writes")); // local: chats are never stored
        Assert.Equal(1, meters.Sum("switchboard.events.rejected", ("socketio.event.name", "heartbeat")));
        Assert.Equal(1, meters.Sum("switchboard.events.rejected", ("socketio.event.name", "user-join")));
        Assert.Equal(1, meters.Sum("switchboard.events.rejected", ("socketio.event.name", "ydoc:document:join")));
        Assert.Equal(1, meters.Sum("switchboard.auth.failures", ("switchboard.auth.failure", nameof(JwtFailure.BadSignature))));

        await a.CloseAsync();
        await b.CloseAsync();
        await DocumentServer.WaitForAsync(() => Task.FromResult(meters.Observe("switchboard.documents.open") == 0), "the document to close");
        Assert.Equal(0, meters.Observe("switchboard.users.active"));
    }

    [Fact]
    public async Task Session_Spans_OnePerHandledEventWithTheRelayInItsTrace()
    {
        var spans = new List<Activity>();
        await using var server = await DocumentServer.StartAsync(TracesOn, configure: builder =>
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var a = await server.ConnectAsync(owner);
        var b = await server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        await b.CallAsync("ydoc:document:join", new { document_id = "note:" + note });

        for (var i = 0; i < 3; i++)
        {
            await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(i, (char)('a' + i))) });
            await b.NextAsync("ydoc:document:update");
        }

        Activity[] mine;
        lock (spans)
        {
            mine = [.. spans.Where(s => (s.GetTagItem("socketio.socket.id") as string) is { } id && (id == a.Sid || id == b.Sid))];
        }

        var updates = mine.Where(s => s.DisplayName == "process ydoc:document:update").ToArray();
        Assert.Equal(3, updates.Length);
        Assert.All(updates, s => Assert.Equal(ActivityKind.Consumer, s.Kind));
        Assert.All(updates, s => Assert.Equal(a.Sid, s.GetTagItem("socketio.socket.id")));
        Assert.Equal(2, mine.Count(s => s.DisplayName == "process ydoc:document:join"));

        Activity[] relays;
        lock (spans)
        {
            relays = [.. spans.Where(s => s.Kind == ActivityKind.Producer && (s.GetTagItem("socketio.event.name") as string) == "ydoc:document:update" &&
                updates.Any(u => u.TraceId == s.TraceId))];
        }

        // Each relay to the room is a child of the span of the update that caused it.
        Assert.Equal(3, relays.Length);
        Assert.All(relays, r => Assert.Contains(updates, u => u.SpanId == r.ParentSpanId));
    }

    [Fact]
    public async Task Start_TelemetryOff_NoTracerOrMeterProvider()
    {
        await using var server = await DocumentServer.StartAsync();

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
        Assert.NotNull(server.Services.GetService<SocketIOServer>());
    }
}
