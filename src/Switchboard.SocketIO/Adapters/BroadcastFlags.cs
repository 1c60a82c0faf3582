namespace Switchboard.SocketIO.Adapters;

/// <summary>Modifiers of a broadcast, carried to the adapter (and, for a scale-out adapter, to other servers).</summary>
/// <param name="Volatile">Drop the packet for a client whose transport cannot take it right now.</param>
/// <param name="Local">Deliver on this server only (never published to other servers).</param>
/// <param name="Compress">The sender's compression wish (socket.io <c>compress</c>); carried for other servers, the transport decides.</param>
/// <param name="Timeout">For broadcasts with ack: how long to collect responses.</param>
public readonly record struct BroadcastFlags(bool Volatile = false, bool Local = false, bool? Compress = null, TimeSpan? Timeout = null);
