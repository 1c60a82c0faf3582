namespace Switchboard.SocketIO.Adapters;

/// <summary>Who a broadcast or server-wide request targets: sockets in any of <see cref="Rooms"/> (all sockets when empty), minus those in any of <see cref="Except"/>.</summary>
public sealed record BroadcastOptions
{
    /// <summary>Everyone in the namespace.</summary>
    public static BroadcastOptions All { get; } = new();

    /// <summary>Target rooms; empty means every socket of the namespace.</summary>
    public IReadOnlyList<string> Rooms { get; init; } = [];

    /// <summary>Rooms whose sockets are left out (a socket id is a room).</summary>
    public IReadOnlyList<string> Except { get; init; } = [];

    /// <summary>Modifiers.</summary>
    public BroadcastFlags Flags { get; init; }
}
