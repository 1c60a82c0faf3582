using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Chat;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// The issue's "Done when" checks on three real processes (<see cref="ThreeProcessesFixture"/>), each driven as users
/// drive them (HTTP and Socket.IO), so a test can run one alone and the Redis restart test can run them all again.
/// </summary>
internal static class ClusterScenarios
{
    /// <summary>
    /// A reply of <paramref name="words"/> words streamed by A (<c>POST /api/chat/completions</c>, the echo model)
    /// reaches the user's tabs on B and C: every batch (one per word), in order, then the end; the reply is stored.
    /// </summary>
    public static async Task<string> StreamAsync(ThreeProcessesFixture f, int words, ITestOutputHelper? output = null)
    {
        var user = await Seed.UserAsync(f.Cluster);
        var prompt = string.Join(' ', Enumerable.Range(0, words).Select(i => "w" + i));
        var chat = await Seed.ChatAsync(f.Cluster, user.Id, prompt);
        var token = ProcessCluster.Token(user.Id);
        await using var onB = await SocketIOTab.ConnectAsync(f.B.Url, token);
        await using var onC = await SocketIOTab.ConnectAsync(f.C.Url, token);
        await TabStream.SubscribeAsync(onB);
        await TabStream.SubscribeAsync(onC);
        using var http = ProcessCluster.Http(f.A, token);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await StartAsync(http, onB.Sid, chat, "echo", prompt);
        var streams = new[] { new TabStream(chat), new TabStream(chat) };
        await Task.WhenAll(streams[0].ReadAsync(onB), streams[1].ReadAsync(onC));
        output?.WriteLine($"{words} delta events from A to a tab on B and one on C in {clock.ElapsedMilliseconds} ms");

        foreach (var stream in streams)
        {
            Assert.Equal(words, stream.Seq);
            Assert.Equal(prompt, stream.Text.ToString());
            Assert.Contains("chat:active", stream.Others); // chat:active goes to user:{id}, every tab of the user
            Assert.Null(stream.End!["cancelled"]);
        }

        await TabStream.StoredAsync(f.Cluster, chat, prompt);
        return chat;
    }

    /// <summary>A stop sent to B (<c>POST /api/tasks/stop/{id}</c>) cancels a stream running on A; what arrived is stored.</summary>
    public static async Task StopAsync(ThreeProcessesFixture f)
    {
        var user = await Seed.UserAsync(f.Cluster);
        var chat = await Seed.ChatAsync(f.Cluster, user.Id, "hello");
        var token = ProcessCluster.Token(user.Id);
        await using var onC = await SocketIOTab.ConnectAsync(f.C.Url, token);
        await TabStream.SubscribeAsync(onC);
        using var onA = ProcessCluster.Http(f.A, token);
        using var onB = ProcessCluster.Http(f.B, token);
        using var viaC = ProcessCluster.Http(f.C, token);
        var aborted = await f.Upstream.StatAsync("aborted");

        // The fake upstream pauses after 5 tokens until released: the stream is surely running when the stop comes.
        var taskId = await StartAsync(onA, onC.Sid, chat, "fake-model", "hello", new JsonObject { ["fake_tokens"] = 50, ["fake_pause_at"] = 5 });
        var stream = new TabStream(chat);
        await stream.ReadAsync(onC, seq: 5);
        var listed = await viaC.GetFromJsonAsync<JsonObject>($"/api/tasks/chat/{chat}");
        Assert.Equal([taskId], listed!["task_ids"]!.AsArray().Select(n => (string)n!));

        using var stop = await onB.PostAsync($"/api/tasks/stop/{taskId}", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await stream.ReadAsync(onC);

        Assert.True((bool?)stream.End!["cancelled"]);
        Assert.Equal(ChatEventsText(5), stream.Text.ToString());
        while (!stream.Others.Contains("chat:tasks:cancel"))
        {
            await NextTypeAsync(onC, chat, stream); // it follows the delta end
        }

        await Eventually.TrueAsync(async () => await f.Upstream.StatAsync("aborted") > aborted, "A cancelled its upstream request");
        await TabStream.StoredAsync(f.Cluster, chat, ChatEventsText(5));
        var after = await viaC.GetFromJsonAsync<JsonObject>($"/api/tasks/chat/{chat}");
        Assert.Empty(after!["task_ids"]!.AsArray());
    }

    /// <summary>
    /// 10,000 events emitted to <c>user:{id}</c> by the server's emitter on one instance (the test process's, since only
    /// the server's API emits to a user room without a reply around it) reach the user's tabs on B and C: none lost,
    /// order kept. The producer stays at most a window ahead of the slower tab, as an awaited emit does locally.
    /// </summary>
    public static async Task EmitAsync(ThreeProcessesFixture f)
    {
        const int Count = 10_000;
        const int Window = 256;
        var embedded = await f.EmbeddedAsync();
        var user = await Seed.UserAsync(f.Cluster);
        await using var onB = await ProcessCluster.ConnectAsync(f.B.Url, user.Id);
        await using var onC = await ProcessCluster.ConnectAsync(f.C.Url, user.Id);
        var presence = embedded.Services.GetRequiredService<ISessionPresence>();
        foreach (var tab in new[] { onB, onC })
        {
            await Eventually.TrueAsync(async () => await presence.GetUserIdAsync(tab.Sid) == user.Id, $"presence of {tab.Sid}");
        }

        var emitter = embedded.Services.GetRequiredService<IChatEventEmitter>();
        var target = new ChatEventTarget { UserId = user.Id, ChatId = "local:chat", MessageId = "m1" };
        var progress = new int[2];
        int Behind(int i) => i - Math.Min(Volatile.Read(ref progress[0]), Volatile.Read(ref progress[1]));
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                if (Behind(i) >= Window)
                {
                    await Eventually.TrueAsync(() => Behind(i) < Window / 2, "the tabs catch up");
                }

                await emitter.EmitAsync(target, new JsonObject { ["type"] = "status", ["data"] = new JsonObject { ["seq"] = i } }, persist: false);
            }
        });
        var received = await Task.WhenAll(
            ReceiveSequenceAsync(onB, Count, n => Volatile.Write(ref progress[0], n)),
            ReceiveSequenceAsync(onC, Count, n => Volatile.Write(ref progress[1], n)));
        await sending.WaitAsync(SocketIOTab.Timeout);

        Assert.Equal(Enumerable.Range(0, Count), received[0]);
        Assert.Equal(Enumerable.Range(0, Count), received[1]);
    }

    private static async Task<List<int>> ReceiveSequenceAsync(SocketIOTab tab, int count, Action<int> progress)
    {
        var sequence = new List<int>(count);
        while (sequence.Count < count)
        {
            var args = await tab.NextAsync("events");
            sequence.Add((int)args[1]!["data"]!["data"]!["seq"]!);
            progress(sequence.Count);
        }

        return sequence;
    }

    /// <summary>
    /// A server call (event with ack) from one instance to a socket on another returns the socket's answer. Made from
    /// the in-process instance: nothing a user sends over HTTP or the socket makes the server call a socket (Open
    /// WebUI's tools and code execution do, through the server's API).
    /// </summary>
    public static async Task CallAsync(ThreeProcessesFixture f)
    {
        var embedded = await f.EmbeddedAsync();
        var user = await Seed.UserAsync(f.Cluster);
        var other = await Seed.UserAsync(f.Cluster);
        await using var onB = await ProcessCluster.ConnectAsync(f.B.Url, user.Id);
        await using var silentOnC = await ProcessCluster.ConnectAsync(f.C.Url, user.Id);
        onB.OnCall = args => new JsonArray(new JsonObject { ["answered_by"] = "B", ["echo"] = args[1]!["data"]!["data"]!.DeepClone() });
        var presence = embedded.Services.GetRequiredService<ISessionPresence>();
        foreach (var tab in new[] { onB, silentOnC })
        {
            await Eventually.TrueAsync(async () => await presence.GetUserIdAsync(tab.Sid) == user.Id, $"presence of {tab.Sid}");
        }

        var caller = embedded.Services.GetRequiredService<IChatEventCaller>();
        var data = new JsonObject { ["type"] = "execute:python", ["data"] = new JsonObject { ["code"] = "1 + 1" } };
        var answered = await caller.CallAsync(new ChatEventTarget { UserId = user.Id, SessionId = onB.Sid, ChatId = "c", MessageId = "m" }, data);
        var notTheirs = await caller.CallAsync(new ChatEventTarget { UserId = other.Id, SessionId = onB.Sid, ChatId = "c", MessageId = "m" }, data);
        var silent = await caller.CallAsync(new ChatEventTarget { UserId = user.Id, SessionId = silentOnC.Sid, ChatId = "c", MessageId = "m" }, data, TimeSpan.FromMilliseconds(500));

        Assert.True(answered.Succeeded, answered.Error);
        Assert.Equal("B", (string?)answered.Value!["answered_by"]);
        Assert.Equal("1 + 1", (string?)answered.Value!["echo"]!["code"]);
        Assert.Equal(ChatCallResult.Disconnected, notTheirs.Error);
        Assert.Equal(ChatCallResult.TimedOut, silent.Error);
    }

    /// <summary>Signing out on B revokes the token: its tabs on A, B and C are disconnected; another token of the user stays.</summary>
    public static async Task RevokeAsync(ThreeProcessesFixture f)
    {
        var user = await Seed.UserAsync(f.Cluster);
        var token = ProcessCluster.Token(user.Id);
        var otherToken = ProcessCluster.Token(user.Id);
        await using var onA = await SocketIOTab.ConnectAsync(f.A.Url, token);
        await using var onB = await SocketIOTab.ConnectAsync(f.B.Url, token);
        await using var onC = await SocketIOTab.ConnectAsync(f.C.Url, token);
        await using var otherOnC = await SocketIOTab.ConnectAsync(f.C.Url, otherToken);
        using var http = ProcessCluster.Http(f.B, token);

        using var signout = await http.GetAsync("/api/v1/auths/signout");
        Assert.Equal(HttpStatusCode.OK, signout.StatusCode);
        var reasons = await Task.WhenAll(new[] { onA, onB, onC }.Select(async tab =>
        {
            var error = await tab.NextAsync("error");
            await tab.Disconnected.WaitAsync(SocketIOTab.Timeout);
            return (string?)error[1]!["reason"];
        }));

        Assert.All(reasons, r => Assert.Equal(SessionTerminator.Revoked, r));
        Assert.False(otherOnC.Disconnected.IsCompleted);
        Assert.Equal("[null]", (await otherOnC.CallAsync("heartbeat", new JsonObject())).ToJsonString());
        using var refused = await ProcessCluster.Http(f.C, token).GetAsync("/api/v1/auths/");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>
    /// Two editors on B and C (npm yjs through socket.io-client, as the frontend binds them) converge; one instance
    /// saves each state (the log lines of the three processes), and A, which never had the note open, serves it.
    /// </summary>
    public static async Task NotesAsync(ThreeProcessesFixture f, ITestOutputHelper output)
    {
        var owner = await Seed.UserAsync(f.Cluster);
        var editor = await Seed.UserAsync(f.Cluster);
        var viewer = await Seed.UserAsync(f.Cluster);
        var note = await Seed.NoteAsync(f.Cluster, owner.Id);
        await Seed.GrantAsync(f.Cluster, "note", note, "user", editor.Id, "read");
        await Seed.GrantAsync(f.Cluster, "note", note, "user", editor.Id, "write");
        await Seed.GrantAsync(f.Cluster, "note", note, "user", viewer.Id, "read");
        JsonNode typed;
        await using (var node = NodeProcess.Start("notes-collab.mjs", "edit", $"{f.B.Url},{f.C.Url}", note,
            ProcessCluster.Token(owner.Id), ProcessCluster.Token(editor.Id), ProcessCluster.Token(viewer.Id)))
        {
            var converged = JsonNode.Parse(await node.ReadLineAsync(SocketIOTab.Timeout))!;
            Assert.Equal("converged", (string?)converged["step"]);
            await StoredNoteAsync(f.Cluster, note, converged["json"]!);
            await node.WriteLineAsync("type");
            typed = JsonNode.Parse(await node.ReadLineAsync(SocketIOTab.Timeout))!["json"]!;
            await StoredNoteAsync(f.Cluster, note, typed);
            await node.WriteLineAsync("exit");
        }

        var saves = f.Cluster.Instances.Select(p => CountOf(p.Output, $"Saved document note:{note} (content True")).ToArray();
        output.WriteLine($"content saves of note {note} by A, B, C: {string.Join(", ", saves)}");
        Assert.Single(saves, n => n > 0);

        var read = await NodeProcess.RunAsync("notes-collab.mjs", SocketIOTab.Timeout, null, "read", f.A.Url, note, ProcessCluster.Token(viewer.Id));
        Assert.True(read.ExitCode == 0, read.StandardError);
        var state = JsonNode.Parse(read.StandardOutput.Trim())!["json"]!;
        Assert.True(JsonNode.DeepEquals(typed, state), $"stored {state}, typed {typed}");
    }

    /// <summary>A DM created on A puts the other user's sockets on B and C in the channel room (G6); a message posted on A reaches them.</summary>
    public static async Task ChannelAsync(ThreeProcessesFixture f)
    {
        var admin = await Seed.UserAsync(f.Cluster, role: "admin");
        var user = await Seed.UserAsync(f.Cluster);
        var outsider = await Seed.UserAsync(f.Cluster);
        await using var onB = await ProcessCluster.ConnectAsync(f.B.Url, user.Id);
        await using var onC = await ProcessCluster.ConnectAsync(f.C.Url, user.Id);
        await using var outsiderOnC = await ProcessCluster.ConnectAsync(f.C.Url, outsider.Id);
        using var http = ProcessCluster.Http(f.A, ProcessCluster.Token(admin.Id));

        using var created = await http.PostAsJsonAsync("/api/v1/channels/create", new JsonObject { ["type"] = "dm", ["user_ids"] = new JsonArray(user.Id) });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var channelId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        foreach (var tab in new[] { onB, onC })
        {
            Assert.Equal("channel:created", (string?)(await tab.NextAsync("events:channel"))[1]!["data"]!["type"]);
        }

        using var posted = await http.PostAsJsonAsync($"/api/v1/channels/{channelId}/messages/post", new JsonObject { ["content"] = "hello" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        foreach (var tab in new[] { onB, onC })
        {
            Assert.Equal(channelId, (string?)(await tab.NextAsync("events:channel"))[1]!["channel_id"]);
        }

        // A's emits reach C in the order A sent them: the outsider's first channel event is its own DM, created after.
        using var second = await http.PostAsJsonAsync("/api/v1/channels/create", new JsonObject { ["type"] = "dm", ["user_ids"] = new JsonArray(outsider.Id) });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("channel:created", (string?)(await outsiderOnC.NextAsync("events:channel"))[1]!["data"]!["type"]);
        Assert.Empty(outsiderOnC.PendingNames());
    }

    /// <summary>
    /// A message streamed on C, then streamed again on A (a regenerated or continued reply keeps its message id): a
    /// resume on C answers A's newer stream, not the copy C retained of its own.
    /// </summary>
    public static async Task ResumeNewerAsync(ThreeProcessesFixture f)
    {
        var user = await Seed.UserAsync(f.Cluster);
        var chat = await Seed.ChatAsync(f.Cluster, user.Id, "first");
        var token = ProcessCluster.Token(user.Id);
        await using var onC = await SocketIOTab.ConnectAsync(f.C.Url, token);
        await TabStream.SubscribeAsync(onC);
        using var httpC = ProcessCluster.Http(f.C, token);
        using var httpA = ProcessCluster.Http(f.A, token);

        await StartAsync(httpC, onC.Sid, chat, "echo", "old reply from C");
        var first = new TabStream(chat);
        await first.ReadAsync(onC);
        Assert.Equal("old reply from C", first.Text.ToString());

        await StartAsync(httpA, onC.Sid, chat, "echo", "the newer reply streamed by A");
        var second = new TabStream(chat);
        await second.ReadAsync(onC);
        Assert.Equal("the newer reply streamed by A", second.Text.ToString());

        await using var again = await SocketIOTab.ConnectAsync(f.C.Url, token);
        var ack = (await again.CallAsync("chat:stream:resume", new JsonObject { ["chat_id"] = chat, ["message_id"] = "a1" }))[0]!.AsObject();
        Assert.Null(ack["error"]);
        Assert.Equal("the newer reply streamed by A", (string?)ack["content"]);
        Assert.Equal(second.Seq, (int)ack["seq"]!);
        Assert.True((bool)ack["done"]!);
    }

    /// <summary>
    /// A message streamed on C, then started again on A by a stream that has sent nothing yet (its upstream pauses
    /// before the first token): a resume on C answers A's new stream (nothing so far, not done), not the ended one C
    /// retained, and then gets A's batches.
    /// </summary>
    public static async Task ResumeBeforeFirstBatchAsync(ThreeProcessesFixture f)
    {
        var user = await Seed.UserAsync(f.Cluster);
        var chat = await Seed.ChatAsync(f.Cluster, user.Id, "first");
        var token = ProcessCluster.Token(user.Id);
        await using var onC = await SocketIOTab.ConnectAsync(f.C.Url, token);
        await TabStream.SubscribeAsync(onC);
        using var httpC = ProcessCluster.Http(f.C, token);
        using var httpA = ProcessCluster.Http(f.A, token);

        await StartAsync(httpC, onC.Sid, chat, "echo", "old reply from C");
        await new TabStream(chat).ReadAsync(onC);

        var pausedBefore = await f.Upstream.StatAsync("paused");
        await StartAsync(httpA, onC.Sid, chat, "fake-model", "hello", new JsonObject { ["fake_tokens"] = 3, ["fake_pause_at"] = 0 });

        await using var again = await SocketIOTab.ConnectAsync(f.C.Url, token);
        var ack = (await again.CallAsync("chat:stream:resume", new JsonObject { ["chat_id"] = chat, ["message_id"] = "a1" }))[0]!.AsObject();
        Assert.Null(ack["error"]);
        Assert.Equal("", (string?)ack["content"]);
        Assert.Equal(0, (int)ack["seq"]!);
        Assert.False((bool)ack["done"]!);

        // Released only once the stream waits at its pause (a release finds only streams already paused).
        await Eventually.TrueAsync(async () => await f.Upstream.StatAsync("paused") > pausedBefore, "A's upstream stream is paused");
        await f.Upstream.ReleaseAsync();
        var resumed = new TabStream(chat);
        resumed.Resumed(ack, "");
        await resumed.ReadAsync(again);
        Assert.Equal("tok0 tok1 tok2 ", resumed.Text.ToString());
    }

    public static async Task<string> StartAsync(HttpClient http, string sid, string chatId, string model, string prompt, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["session_id"] = sid,
            ["chat_id"] = chatId,
            ["id"] = "a1",
        };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        using var response = await http.PostAsJsonAsync("/api/chat/completions", body).WaitAsync(SocketIOTab.Timeout);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["task_id"]!;
    }

    public static string ChatEventsText(int tokens) => string.Concat(Enumerable.Range(0, tokens).Select(i => $"tok{i} "));

    // chat:tasks:cancel may come after the delta end: reads one more event of the chat.
    private static async Task NextTypeAsync(SocketIOTab tab, string chatId, TabStream stream)
    {
        var e = (await tab.NextAsync("events"))[1]!;
        if ((string?)e["chat_id"] == chatId)
        {
            stream.Others.Add((string)e["data"]!["type"]!);
        }
    }

    private static Task StoredNoteAsync(ProcessCluster database, string noteId, JsonNode expected) => Eventually.TrueAsync(async () =>
    {
        await using var db = await database.DbAsync();
        var row = await db.Notes.SingleAsync(n => n.Id == noteId);
        return JsonNode.DeepEquals(JsonColumn.ParseObject(row.Data)["content"]?["json"], expected);
    }, $"the stored note becomes {expected}");

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
