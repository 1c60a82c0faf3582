using System.Text;
using Switchboard.Server.Auth;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Yjs.Protocols;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>
/// What the others are told when an editor goes (leave, disconnect, or the tab signing in as someone else): its
/// awareness states are removed (G18), in the encoding it used, and a user change takes it out of its documents.
/// </summary>
public sealed class DocumentDepartureTests(DocumentServerFixture fixture) : IClassFixture<DocumentServerFixture>
{
    private DocumentServer Server => fixture.Server;

    // Open WebUI's SimpleAwareness: UTF-8 JSON {"clientID": state}.
    private static readonly byte[] JsonAwareness = Encoding.UTF8.GetBytes("""{"1234567":{"user":{"name":"a","color":"#FF6B6B","id":"x"},"cursor":{"anchor":1,"head":1}}}""");

    private async Task<(string Owner, string Note, DocumentSocket A, DocumentSocket B)> TwoEditorsAsync()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        await b.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        return (owner, note, a, b);
    }

    private static async Task<byte[]> AnnounceAsync(DocumentSocket from, DocumentSocket to, string note, byte[] awareness)
    {
        var ack = await from.CallAsync("ydoc:awareness:update", new { document_id = "note:" + note, update = Ints(awareness) });
        Assert.Null(ack[0]);
        return Bytes((await to.NextAsync("ydoc:awareness:update"))["update"]);
    }

    [Fact]
    public async Task Leave_JsonAwareness_OthersGetTheEmptyStateOfEachClient()
    {
        var (owner, note, a, b) = await TwoEditorsAsync();
        Assert.Equal(JsonAwareness, await AnnounceAsync(a, b, note, JsonAwareness));

        await a.CallAsync("ydoc:document:leave", new { document_id = "note:" + note });
        await b.NextAsync("ydoc:user:left");
        var removal = await b.NextAsync("ydoc:awareness:update");

        Assert.Equal("note:" + note, removal["document_id"]!.GetValue<string>());
        Assert.Equal(owner, removal["user_id"]!.GetValue<string>());
        Assert.Equal("""{"1234567":{}}""", Encoding.UTF8.GetString(Bytes(removal["update"])));
    }

    [Fact]
    public async Task Disconnect_YProtocolsAwareness_OthersGetNullStatesAtTheNextClock()
    {
        var (_, note, a, b) = await TwoEditorsAsync();
        var announced = new AwarenessUpdate([new AwarenessEntry(7, 3, """{"user":{"name":"a"}}"""), new AwarenessEntry(9, 1, "{}")]).Encode();
        await AnnounceAsync(a, b, note, announced);

        await a.CloseAsync();
        await b.NextAsync("ydoc:user:left");
        var removal = AwarenessUpdate.Decode(Bytes((await b.NextAsync("ydoc:awareness:update"))["update"]));

        Assert.Equal([new AwarenessEntry(7, 4, "null"), new AwarenessEntry(9, 2, "null")], removal.Entries);
    }

    [Fact]
    public async Task Leave_ClientRemovedItselfOrNeverAnnounced_NoRemovalSent()
    {
        var (_, note, a, b) = await TwoEditorsAsync();
        await AnnounceAsync(a, b, note, JsonAwareness);
        await AnnounceAsync(a, b, note, Encoding.UTF8.GetBytes("""{"1234567":null}"""));

        await a.CallAsync("ydoc:document:leave", new { document_id = "note:" + note });
        await b.NextAsync("ydoc:user:left");
        await b.CallAsync("ydoc:document:state", new { document_id = "note:" + note }); // a round trip: anything sent before it has arrived

        Assert.DoesNotContain("ydoc:awareness:update", b.Pending());
    }

    [Fact]
    public async Task Awareness_NeitherJsonNorYProtocols_RefusedAndNotRelayed()
    {
        var (_, note, a, b) = await TwoEditorsAsync();

        var ack = await a.CallAsync("ydoc:awareness:update", new { document_id = "note:" + note, update = Ints([1, 2, 3]) });
        await b.CallAsync("ydoc:document:state", new { document_id = "note:" + note });

        Assert.Contains("malformed awareness update", ack[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("ydoc:awareness:update", b.Pending());
    }

    [Fact]
    public async Task UserJoin_AsAnotherUser_LeavesItsDocumentsAndMustJoinAgain()
    {
        var (owner, note, a, b) = await TwoEditorsAsync();
        await AnnounceAsync(a, b, note, JsonAwareness);
        var stranger = await DocumentSeed.UserAsync(Server);
        var token = JwtToken.Create(new JwtClaims { UserId = stranger }, Encoding.UTF8.GetBytes(ServerHost.Secret));

        var joined = await a.CallAsync("user-join", new { auth = new { token } });
        var left = await b.NextAsync("ydoc:user:left");
        var removal = await b.NextAsync("ydoc:awareness:update");

        Assert.Equal(stranger, joined[0]!["id"]!.GetValue<string>());
        Assert.Equal(owner, left["user_id"]!.GetValue<string>());
        Assert.Equal(a.Sid, left["socket_id"]?.GetValue<string>() ?? a.Sid);
        Assert.Equal("""{"1234567":{}}""", Encoding.UTF8.GetString(Bytes(removal["update"])));
        Assert.False(Server.Hub.Find("note:" + note)!.Members.ContainsKey(a.Sid));

        // Still the note's, but no longer in it: an update is refused, and the stranger may not join back.
        var update = await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(0, 'x')) });
        var rejoin = await a.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        Assert.NotNull(update[0]?["error"]);
        Assert.Equal("no read access to the note", rejoin[0]!["error"]!.GetValue<string>());
        Assert.DoesNotContain("ydoc:document:update", b.Pending());
    }

    [Fact]
    public async Task UserJoin_SameUserAgain_StaysInItsDocuments()
    {
        var (owner, note, a, b) = await TwoEditorsAsync();
        var token = JwtToken.Create(new JwtClaims { UserId = owner }, Encoding.UTF8.GetBytes(ServerHost.Secret));

        await a.CallAsync("user-join", new { auth = new { token } });
        var update = await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(0, 'x')) });

        Assert.Null(update[0]);
        Assert.Equal(a.Sid, (await b.NextAsync("ydoc:document:update"))["socket_id"]!.GetValue<string>());
        Assert.DoesNotContain("ydoc:user:left", b.Pending());
    }
}
