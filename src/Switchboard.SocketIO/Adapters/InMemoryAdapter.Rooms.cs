namespace Switchboard.SocketIO.Adapters;

// Room membership: both directions (room to members, socket to rooms) under the adapter's one lock.
public partial class InMemoryAdapter
{
    /// <inheritdoc />
    /// <remarks>
    /// All or nothing: a null room, or more rooms than <see cref="SocketIOOptions.MaxRoomsPerSocket"/>, throws before
    /// anything changes. A socket that is not connected (it left) is refused under the lock, so a late join cannot put
    /// it back after <see cref="DeleteAll"/>.
    /// </remarks>
    public virtual void AddAll(Socket socket, ReadOnlySpan<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(socket);
        foreach (var room in rooms)
        {
            ArgumentNullException.ThrowIfNull(room, nameof(rooms));
        }

        lock (_lock)
        {
            if (!socket.Connected)
            {
                return;
            }

            _socketRooms.TryGetValue(socket, out var own);
            var added = 0;
            foreach (var room in rooms)
            {
                if (own is null || !own.Contains(room))
                {
                    added++;
                }
            }

            // Counted with duplicates in the request; a request that repeats a room is refused a little early at worst.
            var limit = Namespace.Server.Options.MaxRoomsPerSocket;
            if ((own?.Count ?? 0) + added > limit)
            {
                throw new InvalidOperationException(
                    $"Socket {socket.Id} may be in at most {limit} rooms (SocketIOOptions.MaxRoomsPerSocket); it is in {own?.Count ?? 0} and asked for {added} more.");
            }

            if (own is null)
            {
                own = new HashSet<string>(StringComparer.Ordinal);
                _socketRooms.Add(socket, own);
            }

            foreach (var room in rooms)
            {
                if (own.Add(room))
                {
                    AddMember(room, socket);
                    Namespace.Server.Instrumentation.RoomJoined(Namespace, room, socket.Id);
                }
            }
        }
    }

    /// <inheritdoc />
    public virtual void Delete(Socket socket, string room)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            if (_socketRooms.TryGetValue(socket, out var own) && own.Remove(room))
            {
                RemoveMember(room, socket);
                Namespace.Server.Instrumentation.RoomLeft(Namespace, room, socket.Id);
            }
        }
    }

    /// <inheritdoc />
    public virtual void DeleteAll(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        lock (_lock)
        {
            if (!_socketRooms.Remove(socket, out var own))
            {
                return;
            }

            foreach (var room in own)
            {
                RemoveMember(room, socket);
                Namespace.Server.Instrumentation.RoomLeft(Namespace, room, socket.Id);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlySet<string> GetRooms(Socket socket)
    {
        lock (_lock)
        {
            return _socketRooms.TryGetValue(socket, out var own)
                ? new HashSet<string>(own, StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> GetLocalRooms()
    {
        lock (_lock)
        {
            return [.. _rooms.Keys];
        }
    }

    /// <inheritdoc />
    public virtual Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(_rooms.Keys, StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Called when a room gets its first local member (socket.io's <c>create-room</c>), under the adapter's lock:
    /// an override must only record or queue work, never block or call back into the adapter.
    /// </summary>
    protected virtual void OnRoomCreated(string room)
    {
    }

    /// <summary>Called when a room loses its last local member (socket.io's <c>delete-room</c>), under the adapter's lock (see <see cref="OnRoomCreated"/>).</summary>
    protected virtual void OnRoomDeleted(string room)
    {
    }

    private void AddMember(string room, Socket socket)
    {
        if (!_rooms.TryGetValue(room, out var members))
        {
            _rooms.Add(room, socket);
            OnRoomCreated(room);
        }
        else if (members is Socket single)
        {
            if (!ReferenceEquals(single, socket))
            {
                _rooms[room] = new HashSet<Socket> { single, socket };
            }
        }
        else
        {
            ((HashSet<Socket>)members).Add(socket);
        }
    }

    private void RemoveMember(string room, Socket socket)
    {
        if (!_rooms.TryGetValue(room, out var members))
        {
            return;
        }

        if (members is Socket single)
        {
            if (ReferenceEquals(single, socket))
            {
                _rooms.Remove(room);
                OnRoomDeleted(room);
            }
        }
        else if (((HashSet<Socket>)members).Remove(socket) && ((HashSet<Socket>)members).Count == 0)
        {
            _rooms.Remove(room);
            OnRoomDeleted(room);
        }
    }

    private bool IsMember(string room, Socket socket) =>
        _rooms.TryGetValue(room, out var members)
        && (members is Socket single ? ReferenceEquals(single, socket) : ((HashSet<Socket>)members).Contains(socket));
}
