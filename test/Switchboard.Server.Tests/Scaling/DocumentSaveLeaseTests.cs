using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Configuration;
using Switchboard.Server.Documents;
using Switchboard.Server.Scaling;
using Switchboard.Yjs.Document;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>One saver per document: the lease is renewed every third of its life and taken over within one lease after the holder dies.</summary>
public sealed class DocumentSaveLeaseTests : IAsyncDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly FakeLeaseStore _leases;
    private readonly List<RedisConnection> _connections = [];

    public DocumentSaveLeaseTests() => _leases = new FakeLeaseStore(_time);

    private RedisDocumentCoordinator Instance()
    {
        var options = Options.Create(new SwitchboardOptions { RedisUrl = "redis://127.0.0.1:1", RedisLockTimeout = Lease });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        return new RedisDocumentCoordinator(connection, _leases, _time, options, NullLogger<RedisDocumentCoordinator>.Instance);
    }

    private static NoteDocument Document()
    {
        Assert.True(DocumentId.TryParse("note:lease-test", out var id, out _));
        return new NoteDocument(id, new YDoc());
    }

    [Fact]
    public async Task TryHoldSave_HolderRenewsEveryThird_OthersNeverSave()
    {
        var a = Instance();
        var b = Instance();
        var document = Document();

        Assert.True(await a.TryHoldSaveAsync(document));
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(Lease / 3);
            Assert.True(await a.TryHoldSaveAsync(document));
            Assert.False(await b.TryHoldSaveAsync(document));
        }
    }

    [Fact]
    public async Task TryHoldSave_HolderDies_AnotherTakesOverWithinOneLease()
    {
        var a = Instance();
        var b = Instance();
        var document = Document();
        Assert.True(await a.TryHoldSaveAsync(document));

        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False(await b.TryHoldSaveAsync(document));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await b.TryHoldSaveAsync(document));
        Assert.False(await a.TryHoldSaveAsync(document));
    }

    [Fact]
    public async Task TryHoldSave_RedisFails_SavesAnyway()
    {
        var a = Instance();
        _leases.FailAcquire = 1;

        Assert.True(await a.TryHoldSaveAsync(Document()));
    }

    [Fact]
    public async Task Release_DocumentLeftMemory_AnotherTakesItAtOnce()
    {
        var a = Instance();
        var b = Instance();
        var document = Document();
        Assert.True(await a.TryHoldSaveAsync(document));

        await a.ReleaseAsync(document);

        Assert.True(await b.TryHoldSaveAsync(document));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
