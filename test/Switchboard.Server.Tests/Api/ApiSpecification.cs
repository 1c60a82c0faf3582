using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Auth;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api;

/// <summary>Base of the REST API specifications: users with tokens, HTTP clients and real Socket.IO clients, cleaned up after each test.</summary>
public abstract class ApiSpecification(ApiServerFixture fixture) : IAsyncLifetime
{
    private readonly List<IDisposable> _clients = [];
    private readonly List<RealtimeClient> _sockets = [];

    public ServerHost Host => fixture.Host;

    internal ITokenValidator Tokens => Host.Services.GetRequiredService<ITokenValidator>();

    /// <summary>A user written straight into the database, and a client holding a fresh token of theirs.</summary>
    internal async Task<(UserRow User, ApiClient Client)> UserAsync(string role = "user", string? name = null)
    {
        var user = await Seed.UserAsync(Host, role, name);
        return (user, Client(Tokens.CreateToken(user.Id)));
    }

    internal ApiClient Client(string? token)
    {
        var client = new ApiClient(Host.Url, token);
        _clients.Add(client);
        return client;
    }

    internal ApiClient Anonymous() => Client(null);

    /// <summary>A real Socket.IO connection (WebSocket) authenticated with <paramref name="client"/>'s token.</summary>
    internal async Task<RealtimeClient> ConnectAsync(ApiClient client)
    {
        var socket = await RealtimeClient.ConnectAsync(Host.Url, client.Token);
        _sockets.Add(socket);
        return socket;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            await socket.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
