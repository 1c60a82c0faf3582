using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Parsing;

/// <summary>
/// The fixed part of a text packet, as offsets into the message it was read from.
/// See <see cref="SocketPacketWriter"/>.WriteHeader for the format.
/// </summary>
internal readonly record struct SocketPacketHeader(
    SocketPacketType Type,
    int Attachments,
    int NamespaceStart,
    int NamespaceLength,
    long AckId,
    int PayloadStart)
{
    /// <summary><see langword="true"/> when the packet names a namespace other than <c>/</c>.</summary>
    public bool HasNamespace => NamespaceLength > 0;

    /// <summary><see langword="true"/> when the packet carries an ack id.</summary>
    public bool HasAckId => AckId >= 0;
}
