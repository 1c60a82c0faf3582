using System.Collections.Concurrent;
using Switchboard.Server.Sessions;

namespace Switchboard.Server.Chat;

/// <summary>The <see cref="IDirectChannels"/> of the server; also the cleanup that ends a leaving socket's channels.</summary>
internal sealed class DirectChannels(SessionRegistry sessions, TimeProvider time) : IDirectChannels, ISocketCleanup
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<DirectChannel, byte>> _bySocket = new(StringComparer.Ordinal);

    public DirectChannel? Open(string userId, string socketId, TimeSpan lifetime)
    {
        if (!sessions.TryGet(socketId, out var session) || session.User?.Id != userId || session.Closed)
        {
            return null;
        }

        var name = $"{userId}:{socketId}:{Guid.NewGuid()}";
        var channel = new DirectChannel(name, socketId, lifetime, time, Forget);
        _bySocket.GetOrAdd(socketId, _ => new())[channel] = 0;
        channel.Attach(session.Socket.On(name, e =>
        {
            if (e.Args.Count > 0)
            {
                channel.Receive(e.Args[0]);
            }
        }));
        if (session.Closed)
        {
            channel.Close(new IOException("The socket left."));
            return null;
        }

        return channel;
    }

    public Task OnDisconnectAsync(SocketSession session, string[] documents)
    {
        if (_bySocket.TryRemove(session.Id, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Close(new IOException($"The socket {session.Id} left before the direct connection finished."));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>How many channels are open (for tests).</summary>
    internal int Count => _bySocket.Values.Sum(c => c.Count);

    private void Forget(DirectChannel channel)
    {
        if (_bySocket.TryGetValue(channel.SocketId, out var channels))
        {
            channels.TryRemove(channel, out _);
        }
    }
}
