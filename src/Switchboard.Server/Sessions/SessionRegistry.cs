using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Switchboard.SocketIO;

namespace Switchboard.Server.Sessions;

/// <summary>
/// Every socket's <see cref="SocketSession"/> on this instance, by socket id and by user id. Adding, authenticating
/// and removing a socket touch only that socket's entries.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, SocketSession> _bySocket = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SocketSession>> _byUser = new(StringComparer.Ordinal);

    public int Count => _bySocket.Count;

    /// <summary>How many users have a signed-in socket here.</summary>
    public int UserCount => _byUser.Count;

    /// <summary>How many sockets are signed in.</summary>
    public int AuthenticatedCount => _byUser.Values.Sum(s => s.Count);

    public SocketSession Add(Socket socket)
    {
        var session = new SocketSession(socket);
        socket.Data = session;
        _bySocket[socket.Id] = session;
        return session;
    }

    public bool TryGet(string socketId, [NotNullWhen(true)] out SocketSession? session) => _bySocket.TryGetValue(socketId, out session);

    /// <summary>The session of <paramref name="socket"/>, or null when it is not (or no longer) registered.</summary>
    public static SocketSession? Of(Socket socket) => socket.Data as SocketSession;

    /// <summary>Authenticates <paramref name="session"/> as <paramref name="auth"/>, moving it between users if it was someone else.</summary>
    public void Authenticate(SocketSession session, SessionAuth auth)
    {
        lock (session)
        {
            if (session.Closed)
            {
                return;
            }

            var previous = session.Auth;
            session.SetAuth(auth);
            if (previous is not null && previous.User.Id != auth.User.Id)
            {
                RemoveFromUser(previous.User.Id, session);
            }

            lock (_byUser)
            {
                _byUser.GetOrAdd(auth.User.Id, _ => new(StringComparer.Ordinal))[session.Id] = session;
            }
        }
    }

    /// <summary>Removes the socket's session and hands back the documents it had joined (nothing else needs cleaning, G7).</summary>
    public (SocketSession Session, string[] Documents)? Remove(string socketId)
    {
        if (!_bySocket.TryRemove(socketId, out var session))
        {
            return null;
        }

        string[] documents;
        lock (session)
        {
            documents = session.Close();
            if (session.Auth is { } auth)
            {
                RemoveFromUser(auth.User.Id, session);
            }
        }

        return (session, documents);
    }

    /// <summary>The sessions of one user on this instance.</summary>
    public IReadOnlyCollection<SocketSession> OfUser(string userId) =>
        _byUser.TryGetValue(userId, out var sessions) ? [.. sessions.Values] : [];

    /// <summary>Every session on this instance (a snapshot).</summary>
    public IReadOnlyCollection<SocketSession> All => [.. _bySocket.Values];

    // Index changes take one short lock, so an emptied user entry is never dropped while another socket joins it.
    private void RemoveFromUser(string userId, SocketSession session)
    {
        lock (_byUser)
        {
            if (_byUser.TryGetValue(userId, out var sessions) && sessions.TryRemove(session.Id, out _) && sessions.IsEmpty)
            {
                _byUser.TryRemove(userId, out _);
            }
        }
    }
}
