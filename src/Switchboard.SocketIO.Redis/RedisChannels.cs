namespace Switchboard.SocketIO.Redis;

/// <summary>
/// The one place channel names are built (socketio-wire.md §5.1, §5.2). <c>prefix</c> is
/// <see cref="RedisAdapterOptions.ChannelPrefix"/>, <c>nsp</c> a namespace name such as <c>/</c>.
/// </summary>
internal sealed class RedisChannels
{
    public RedisChannels(string prefix, string nsp, string uid)
    {
        Broadcast = prefix + "#" + nsp + "#";
        BroadcastPattern = Broadcast + "*";
        Request = prefix + "-request#" + nsp + "#";
        Response = prefix + "-response#" + nsp + "#";
        SpecificResponse = Response + uid + "#";
        ShardedResponse = Broadcast + uid + "#";
    }

    /// <summary><c>prefix#nsp#</c>: classic broadcasts to several or no rooms; the sharded adapter's namespace channel.</summary>
    public string Broadcast { get; }

    /// <summary><c>prefix#nsp#*</c>: the classic adapter's PSUBSCRIBE, which covers every room channel.</summary>
    public string BroadcastPattern { get; }

    /// <summary><c>prefix-request#nsp#</c>: classic requests; its NUMSUB is the server count.</summary>
    public string Request { get; }

    /// <summary><c>prefix-response#nsp#</c>: classic responses.</summary>
    public string Response { get; }

    /// <summary><c>prefix-response#nsp#uid#</c>: classic responses for this server only (<c>publishOnSpecificResponseChannel</c>).</summary>
    public string SpecificResponse { get; }

    /// <summary><c>prefix#nsp#uid#</c>: sharded responses for this server.</summary>
    public string ShardedResponse { get; }

    /// <summary><c>prefix#nsp#room#</c>: a broadcast to exactly one room (both forms).</summary>
    public string Room(string room) => Broadcast + room + "#";

    /// <summary><c>prefix-response#nsp#uid#</c>: a requester's own classic response channel.</summary>
    public string SpecificResponseOf(string uid) => Response + uid + "#";

    /// <summary><c>prefix#nsp#uid#</c>: a requester's sharded response channel.</summary>
    public string ShardedResponseOf(string uid) => Broadcast + uid + "#";

    /// <summary>The room a classic broadcast channel names: empty for <see cref="Broadcast"/>, null for a channel outside this namespace.</summary>
    public string? RoomOf(string channel) =>
        channel.Length > Broadcast.Length && channel.StartsWith(Broadcast, StringComparison.Ordinal) && channel[^1] == '#'
            ? channel[Broadcast.Length..^1]
            : channel == Broadcast ? string.Empty : null;
}
