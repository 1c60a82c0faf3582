using System.Text.Json;

namespace Switchboard.SocketIO.Tests;

public class EventTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    public sealed record ChatMessage(string Text, int Count);

    [Fact]
    public async Task On_PlainEvent_HandlerSeesArgsAndEchoes()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket => socket.On("message", e => e.Socket.EmitAsync("message-back", e.Args)));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"message\",1,\"2\",{\"3\":[true]}]");

        Assert.Equal("2[\"message-back\",1,\"2\",{\"3\":[true]}]", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task On_BinaryEvent_EchoedWithAttachments()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket => socket.On("message", e => e.Socket.EmitAsync("message-back", e.Args)));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await harness.Engine.SendBinaryAsync(connection, 1, 2, 3);
        await harness.Engine.SendBinaryAsync(connection, 4, 5, 6);

        Assert.Equal("52-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", await connection.ReadTextAsync(Timeout));
        Assert.Equal([1, 2, 3], (await connection.ReadAsync(Timeout)).Data.ToArray());
        Assert.Equal([4, 5, 6], (await connection.ReadAsync(Timeout)).Data.ToArray());
    }

    [Fact]
    public async Task On_AckRequested_HandlerAcksWithSameArgs()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket => socket.On("message-with-ack", e => e.Ack(e.Args)));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        await harness.Engine.SendTextAsync(connection, "52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await harness.Engine.SendBinaryAsync(connection, 1, 2, 3);
        await harness.Engine.SendBinaryAsync(connection, 4, 5, 6);

        Assert.Equal("3456[1,\"2\",{\"3\":[false]}]", await connection.ReadTextAsync(Timeout));
        Assert.Equal("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", await connection.ReadTextAsync(Timeout));
        Assert.Equal([1, 2, 3], (await connection.ReadAsync(Timeout)).Data.ToArray());
        Assert.Equal([4, 5, 6], (await connection.ReadAsync(Timeout)).Data.ToArray());
    }

    [Fact]
    public async Task Ack_CalledTwice_SecondIgnored()
    {
        var harness = new SocketIOHarness();
        var results = new List<bool>();
        harness.Server.OnConnection(socket => socket.On("x", e =>
        {
            results.Add(e.Ack(1));
            results.Add(e.Ack(2));
        }));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "27[\"x\"]");

        Assert.Equal("37[1]", await connection.ReadTextAsync(Timeout));
        Assert.Equal([true, false], results);
        await SocketIOHarness.AssertNothingSentAsync(connection);
    }

    [Fact]
    public async Task OnTyped_ResultAnswersAck()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket => socket.On<ChatMessage, object>("user-join", async message =>
        {
            await Task.Yield();
            return new { Echo = message!.Text, Doubled = message.Count * 2 };
        }));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "23[\"user-join\",{\"text\":\"hi\",\"count\":21}]");

        Assert.Equal("33[{\"echo\":\"hi\",\"doubled\":42}]", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task OnTyped_NoResult_AcksEmptyOnCompletion()
    {
        var harness = new SocketIOHarness();
        ChatMessage? seen = null;
        harness.Server.OnConnection(socket => socket.On<ChatMessage>("heartbeat", m =>
        {
            seen = m;
            return ValueTask.CompletedTask;
        }));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "29[\"heartbeat\",{\"text\":\"a\",\"count\":1}]");
        await harness.Engine.SendTextAsync(connection, "2[\"heartbeat\",{\"text\":\"b\",\"count\":2}]");

        Assert.Equal("39[]", await connection.ReadTextAsync(Timeout));
        Assert.Equal(new ChatMessage("b", 2), seen);
        await SocketIOHarness.AssertNothingSentAsync(connection);
    }

    [Fact]
    public async Task On_RuntimeRegisteredName_RoutedUntilDisposed()
    {
        var harness = new SocketIOHarness();
        var (connection, _) = await harness.ConnectAsync();
        var channel = "user1:" + Guid.NewGuid().ToString() + ":" + Guid.NewGuid().ToString();
        var received = new List<string>();
        var subscription = harness.Server.On(channel, e =>
        {
            received.Add(e.Args[0].GetRawText());
            return ValueTask.CompletedTask;
        });

        await harness.Engine.SendTextAsync(connection, $"2[\"{channel}\",\"data: 1\"]");
        await harness.Engine.SendTextAsync(connection, $"2[\"{channel}\",{{\"done\":true}}]");
        subscription.Dispose();
        await harness.Engine.SendTextAsync(connection, $"2[\"{channel}\",\"late\"]");

        Assert.Equal(["\"data: 1\"", "{\"done\":true}"], received);
    }

    [Fact]
    public async Task Off_RemovesEveryHandlerOfName()
    {
        var harness = new SocketIOHarness();
        var count = 0;
        Socket? server = null;
        harness.Server.OnConnection(socket =>
        {
            server = socket;
            socket.On("a", _ => count++);
            socket.On("a", _ => count++);
        });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"a\"]");
        server!.Off("a");
        await harness.Engine.SendTextAsync(connection, "2[\"a\"]");

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task OnAny_SeesEveryEventFirst()
    {
        var harness = new SocketIOHarness();
        var order = new List<string>();
        harness.Server.OnConnection(socket =>
        {
            socket.On("named", _ => order.Add("named"));
            socket.OnAny(e =>
            {
                order.Add("any:" + e.Name);
                return ValueTask.CompletedTask;
            });
        });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"named\"]");
        await harness.Engine.SendTextAsync(connection, "2[\"other\"]");
        await harness.Engine.SendTextAsync(connection, "2[42,\"numeric\"]");
        await harness.Engine.SendTextAsync(connection, "2[\"esc\\u0061ped\"]");

        Assert.Equal(["any:named", "named", "any:other", "any:42", "any:escaped"], order);
    }

    [Fact]
    public async Task On_EscapedName_StillFindsHandler()
    {
        var harness = new SocketIOHarness();
        var hit = false;
        harness.Server.On("escaped", _ =>
        {
            hit = true;
            return ValueTask.CompletedTask;
        });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"esc\\u0061ped\"]");

        Assert.True(hit);
    }

    [Fact]
    public async Task On_HandlerThrows_ConnectionSurvives()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket =>
        {
            socket.On("boom", _ => throw new InvalidOperationException("x"));
            socket.On("boom-async", async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("y");
            });
            socket.On("ok", e => e.Ack("fine"));
        });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"boom\"]");
        await harness.Engine.SendTextAsync(connection, "2[\"boom-async\"]");
        await harness.Engine.SendTextAsync(connection, "21[\"ok\"]");

        Assert.Equal("31[\"fine\"]", await connection.ReadTextAsync(Timeout));
        Assert.False(connection.IsClosed);
    }

    [Theory]
    [InlineData("boom")]
    [InlineData("boom-async")]
    public async Task On_HandlerThrowsWithAckAsked_ErrorAckSentAndLogged(string eventName)
    {
        var logger = new ListLogger();
        var harness = new SocketIOHarness(logger: logger);
        harness.Server.OnConnection(socket =>
        {
            socket.On("boom", _ => throw new InvalidOperationException("secret detail"));
            socket.On("boom-async", async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("secret detail");
            });
        });
        var (connection, _) = await harness.ConnectAsync();
        var (other, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, $"27[\"{eventName}\"]");

        Assert.Equal("37[{\"error\":\"Internal server error\"}]", await connection.ReadTextAsync(Timeout));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal("HandlerFailed", entry.Id.Name);
        Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.False(connection.IsClosed);
        Assert.False(other.IsClosed);
    }

    [Fact]
    public async Task On_OneHandlerThrowsAnotherAcks_OnlyThatAckSent()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket =>
        {
            socket.On("q", _ => throw new InvalidOperationException("x"));
            socket.On("q", e => e.Ack("fine"));
        });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "23[\"q\"]");

        Assert.Equal("33[\"fine\"]", await connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(connection);
    }

    [Fact]
    public async Task On_AsyncHandler_ArgsValidUntilItCompletes()
    {
        var harness = new SocketIOHarness();
        var gate = new TaskCompletionSource();
        var value = new TaskCompletionSource<string>();
        harness.Server.OnConnection(socket => socket.On("slow", async e =>
        {
            await gate.Task;
            value.SetResult(e.Args.Get<string>(0)!);
        }));
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"slow\",\"kept\"]");
        await harness.Engine.SendTextAsync(connection, "2[\"other\",\"overwrites pooled buffers\"]");
        gate.SetResult();

        Assert.Equal("kept", await value.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task EmitAsync_ReservedName_Throws()
    {
        var harness = new SocketIOHarness();
        await Assert.ThrowsAsync<ArgumentException>(async () => await harness.Server.EmitAsync("disconnect"));
    }

    [Fact]
    public async Task EmitAsync_BinaryArgs_SentAsAttachments()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();

        await harness.Server.Sockets.Sockets[sid].EmitAsync("file", "name", new byte[] { 7, 8 });

        Assert.Equal("51-[\"file\",\"name\",{\"_placeholder\":true,\"num\":0}]", await connection.ReadTextAsync(Timeout));
        var attachment = await connection.ReadAsync(Timeout);
        Assert.True(attachment.IsBinary);
        Assert.Equal([7, 8], attachment.Data.ToArray());
    }

    [Fact]
    public async Task Handshake_AuthAndQueryVisibleToHandlers()
    {
        var harness = new SocketIOHarness();
        JsonElement auth = default;
        harness.Server.OnConnection(socket => auth = socket.Handshake.Auth);
        await harness.ConnectAsync(auth: "{\"token\":\"jwt\"}");

        Assert.Equal("jwt", auth.GetProperty("token").GetString());
    }
}
