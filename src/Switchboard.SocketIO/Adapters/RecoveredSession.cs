using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Adapters;

/// <summary>A session found again on reconnect, with the packets the client missed, oldest first.</summary>
/// <param name="Session">The kept session.</param>
/// <param name="MissedPackets">Packets broadcast to the session's rooms after the client's offset.</param>
public sealed record RecoveredSession(SocketSession Session, IReadOnlyList<SocketPacket> MissedPackets);
