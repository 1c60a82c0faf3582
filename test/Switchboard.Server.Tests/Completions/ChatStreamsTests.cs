using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Chat;
using Switchboard.Server.Completions;
using Switchboard.SocketIO;

namespace Switchboard.Server.Tests.Completions;

public sealed class ChatStreamsTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(5);

    [Fact]
    public void Retire_BeforeRetentionEnds_StreamStillFound()
    {
        var (streams, time) = Create();
        var stream = streams.Start(Target("c1", "m1"));
        streams.Retire(stream);

        time.Advance(Retention - TimeSpan.FromSeconds(1));

        Assert.Same(stream, streams.Find("c1", "m1"));
    }

    [Fact]
    public void Retire_RetentionOver_StreamForgotten()
    {
        var (streams, time) = Create();
        streams.Retire(streams.Start(Target("c1", "m1")));

        time.Advance(Retention);

        Assert.Null(streams.Find("c1", "m1"));
        Assert.Equal(0, streams.Count);
    }

    [Fact]
    public void Retire_AtDifferentTimes_EachForgottenAtItsOwnTime()
    {
        var (streams, time) = Create();
        streams.Retire(streams.Start(Target("c1", "m1")));
        time.Advance(TimeSpan.FromMinutes(2));
        streams.Retire(streams.Start(Target("c2", "m2")));

        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Null(streams.Find("c1", "m1"));
        Assert.NotNull(streams.Find("c2", "m2"));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(streams.Find("c2", "m2"));
    }

    [Fact]
    public void Retire_PastLimit_OldestForgottenAtOnce()
    {
        var (streams, _) = Create(limit: 2);
        streams.Retire(streams.Start(Target("c1", "m1")));
        streams.Retire(streams.Start(Target("c2", "m2")));
        streams.Retire(streams.Start(Target("c3", "m3")));

        Assert.Null(streams.Find("c1", "m1"));
        Assert.NotNull(streams.Find("c2", "m2"));
        Assert.NotNull(streams.Find("c3", "m3"));
    }

    [Fact]
    public void Retire_MessageRegenerated_NewerStreamKeptWhenOldExpires()
    {
        var (streams, time) = Create();
        var old = streams.Start(Target("c1", "m1"));
        streams.Retire(old);
        time.Advance(TimeSpan.FromMinutes(1));
        var newer = streams.Start(Target("c1", "m1"));

        time.Advance(Retention);

        Assert.Same(newer, streams.Find("c1", "m1"));
    }

    [Fact]
    public void Start_RunningStreamNeverRetired_NotForgotten()
    {
        var (streams, time) = Create();
        var running = streams.Start(Target("c1", "m1"));
        streams.Retire(streams.Start(Target("c2", "m2")));

        time.Advance(Retention * 3);

        Assert.Same(running, streams.Find("c1", "m1"));
        Assert.Null(streams.Find("c2", "m2"));
    }

    private static (ChatStreams Streams, FakeTimeProvider Time) Create(int limit = 10_000)
    {
        var time = new FakeTimeProvider();
        var io = new SocketIOServer(Options.Create(new SocketIOOptions()), new ServiceCollection().BuildServiceProvider());
        var options = Options.Create(new CompletionOptions { ResumeRetention = Retention, ResumeRetentionLimit = limit });
        return (new ChatStreams(io, new LocalChatStreamMirror(), options, time, NullLogger<ChatStream>.Instance), time);
    }

    private static ChatEventTarget Target(string chat, string message) => new() { UserId = "u1", ChatId = chat, MessageId = message };
}
