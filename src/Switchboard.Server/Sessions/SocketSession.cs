using System.Text.Json.Serialization;
using Switchboard.Server.Auth;
using Switchboard.SocketIO;

namespace Switchboard.Server.Sessions;

/// <summary>
/// What the server knows about one socket (one browser tab): who it is, when it last sent a heartbeat, and which
/// collaborative documents it joined. The document set is the reverse index of G7: a disconnect cleans up exactly
/// these documents, never a scan of all of them.
/// </summary>
internal sealed class SocketSession(Socket socket)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _documents = new(StringComparer.Ordinal);
    private SessionAuth? _auth;

    // Not serialized: with the Redis adapter, a fetch of sockets sends each socket's data (this session) to the asker.
    [JsonIgnore]
    public Socket Socket { get; } = socket;

    public string Id => Socket.Id;

    /// <summary>The authenticated user and token, or <see langword="null"/> for an anonymous socket (G26).</summary>
    public SessionAuth? Auth => Volatile.Read(ref _auth);

    public UserIdentity? User => Auth?.User;

    /// <summary>Set once the socket has left: late handlers must not add state for it.</summary>
    public bool Closed { get; private set; }

    internal void SetAuth(SessionAuth auth) => Volatile.Write(ref _auth, auth);

    /// <summary>Records that the socket joined <paramref name="documentId"/>; false when it already had, or has left.</summary>
    public bool AddDocument(string documentId)
    {
        lock (_lock)
        {
            return !Closed && _documents.Add(documentId);
        }
    }

    /// <summary>Records that the socket left <paramref name="documentId"/>; false when it was not in it.</summary>
    public bool RemoveDocument(string documentId)
    {
        lock (_lock)
        {
            return _documents.Remove(documentId);
        }
    }

    public bool HasDocument(string documentId)
    {
        lock (_lock)
        {
            return _documents.Contains(documentId);
        }
    }

    /// <summary>The joined documents, a copy.</summary>
    public string[] Documents
    {
        get
        {
            lock (_lock)
            {
                return [.. _documents];
            }
        }
    }

    /// <summary>Forgets the joined documents and hands them back (the socket changed user; the session stays open).</summary>
    internal string[] TakeDocuments()
    {
        lock (_lock)
        {
            string[] documents = [.. _documents];
            _documents.Clear();
            return documents;
        }
    }

    /// <summary>Marks the session closed and hands back its documents (the only ones a disconnect has to clean up).</summary>
    internal string[] Close()
    {
        lock (_lock)
        {
            Closed = true;
            string[] documents = [.. _documents];
            _documents.Clear();
            return documents;
        }
    }
}
