namespace Switchboard.SocketIO;

/// <summary>The socket left its namespace before the awaited ack arrived (socket.io: "socket has been disconnected").</summary>
public sealed class SocketDisconnectedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SocketDisconnectedException()
        : base("The socket has been disconnected.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SocketDisconnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SocketDisconnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
