using Switchboard.Server.Auth;
using Switchboard.Server.Sessions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Sessions;

/// <summary>Per-socket state with its reverse index: a disconnect touches only its own documents (G7).</summary>
public sealed class SessionRegistryTests
{
    private static SessionAuth Auth(string userId) => new(new UserIdentity { Id = userId, Name = userId, Role = "user" }, new JwtClaims { UserId = userId });

    [Fact]
    public async Task Remove_ReturnsOnlyThatSocketsDocuments()
    {
        var registry = new SessionRegistry();
        var sockets = await TestSockets.CreateAsync(3);
        var sessions = sockets.Select(registry.Add).ToArray();
        sessions[0].AddDocument("note:a");
        sessions[0].AddDocument("note:b");
        sessions[1].AddDocument("note:a");
        sessions[2].AddDocument("note:c");

        var (session, documents) = registry.Remove(sockets[0].Id)!.Value;

        Assert.Same(sessions[0], session);
        Assert.Equal(["note:a", "note:b"], documents.Order());
        Assert.True(session.Closed);
        Assert.Equal(["note:a"], sessions[1].Documents);
        Assert.Equal(["note:c"], sessions[2].Documents);
        Assert.Null(registry.Remove(sockets[0].Id));
    }

    [Fact]
    public async Task AddDocument_AfterClose_Refused()
    {
        var registry = new SessionRegistry();
        var socket = (await TestSockets.CreateAsync(1))[0];
        var session = registry.Add(socket);
        registry.Remove(socket.Id);

        Assert.False(session.AddDocument("note:late"));
        Assert.Empty(session.Documents);
    }

    [Fact]
    public async Task Authenticate_IndexesByUser_AndMovesOnUserChange()
    {
        var registry = new SessionRegistry();
        var sockets = await TestSockets.CreateAsync(3);
        var sessions = sockets.Select(registry.Add).ToArray();
        registry.Authenticate(sessions[0], Auth("u1"));
        registry.Authenticate(sessions[1], Auth("u1"));
        registry.Authenticate(sessions[2], Auth("u2"));

        Assert.Equal(2, registry.OfUser("u1").Count);

        registry.Authenticate(sessions[1], Auth("u2"));
        Assert.Single(registry.OfUser("u1"));
        Assert.Equal(2, registry.OfUser("u2").Count);

        registry.Remove(sockets[0].Id);
        Assert.Empty(registry.OfUser("u1"));
        Assert.Equal(2, registry.Count);
    }
}
