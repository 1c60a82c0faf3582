namespace Switchboard.SocketIO.Packets;

/// <summary>The Socket.IO v5 packet types, numbered as on the wire (socketio-wire.md §4.1).</summary>
public enum SocketPacketType
{
    /// <summary><c>0</c>: connect to a namespace (client) or the connect reply (server).</summary>
    Connect = 0,

    /// <summary><c>1</c>: leave a namespace.</summary>
    Disconnect = 1,

    /// <summary><c>2</c>: an event with JSON arguments.</summary>
    Event = 2,

    /// <summary><c>3</c>: an acknowledgement with JSON arguments.</summary>
    Ack = 3,

    /// <summary><c>4</c>: a refused namespace connection.</summary>
    ConnectError = 4,

    /// <summary><c>5</c>: an event whose arguments hold binary attachments.</summary>
    BinaryEvent = 5,

    /// <summary><c>6</c>: an acknowledgement whose arguments hold binary attachments.</summary>
    BinaryAck = 6,
}
