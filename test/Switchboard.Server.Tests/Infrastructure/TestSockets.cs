using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Real <see cref="Socket"/>s connected to a Socket.IO server over fake Engine.IO connections.</summary>
internal static class TestSockets
{
    public static async Task<Socket[]> CreateAsync(int count)
    {
        var server = new SocketIOServer(Options.Create(new SocketIOOptions()), new ServiceCollection().BuildServiceProvider());
        var engine = new FakeEngine(server.EngineHandler);
        var connected = new ConcurrentQueue<Socket>();
        server.OnConnection(connected.Enqueue);
        for (var i = 0; i < count; i++)
        {
            var connection = await engine.OpenAsync();
            Assert.True(await engine.SendTextAsync(connection, "0"));
            await connection.ReadTextAsync(TimeSpan.FromSeconds(10));
        }

        return [.. connected];
    }
}
