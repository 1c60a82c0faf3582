namespace Switchboard.SocketIO;

/// <summary>
/// Thrown by connect middleware to refuse a namespace connection. The client receives CONNECT_ERROR
/// <c>{"message":Message,"data":Data}</c> (<c>data</c> left out when <see langword="null"/>) and raises
/// <c>connect_error</c> with that message and data.
/// </summary>
public sealed class SocketConnectException : Exception
{
    /// <summary>Creates the refusal.</summary>
    public SocketConnectException()
        : this("Connection refused")
    {
    }

    /// <summary>Creates the refusal.</summary>
    /// <param name="message">The <c>message</c> the client sees.</param>
    public SocketConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the refusal.</summary>
    /// <param name="message">The <c>message</c> the client sees.</param>
    /// <param name="data">The <c>data</c> the client sees, serialized as JSON.</param>
    public SocketConnectException(string message, object? data)
        : base(message)
    {
        Data = data;
    }

    /// <summary>Creates the refusal.</summary>
    public SocketConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The <c>data</c> the client sees, serialized as JSON; <see langword="null"/> leaves it out.</summary>
    public new object? Data { get; }
}
