using System.Text;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.Testing;

/// <summary>
/// Drives an <see cref="IEngineHandler"/> the way the Engine.IO server does, without a transport: opens fake
/// connections, delivers messages in order, turns <see cref="InvalidDataException"/> into a parse-error close, and
/// reports closes.
/// </summary>
public sealed class FakeEngine(IEngineHandler handler)
{
    public IEngineHandler Handler { get; } = handler;

    public async Task<FakeEngineConnection> OpenAsync(EngineHandshake? handshake = null)
    {
        var connection = new FakeEngineConnection(handshake, c => _ = Handler.OnCloseAsync(c, EngineCloseReason.ForcedClose, null).AsTask());
        await Handler.OnOpenAsync(connection, CancellationToken.None);
        return connection;
    }

    /// <summary>Delivers a text message; returns <see langword="false"/> when the handler rejected it and the connection closed.</summary>
    public Task<bool> SendTextAsync(FakeEngineConnection connection, string text) =>
        SendAsync(connection, EngineMessage.Utf8(Encoding.UTF8.GetBytes(text)));

    /// <summary>Delivers a binary message.</summary>
    public Task<bool> SendBinaryAsync(FakeEngineConnection connection, params byte[] data) =>
        SendAsync(connection, EngineMessage.Binary(data));

    public async Task<bool> SendAsync(FakeEngineConnection connection, EngineMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.IsClosed)
        {
            return false;
        }

        try
        {
            await Handler.OnMessageAsync(connection, message, CancellationToken.None);
            return true;
        }
        catch (InvalidDataException ex)
        {
            await CloseAsync(connection, EngineCloseReason.ParseError, ex);
            return false;
        }
    }

    /// <summary>The transport went away (or the client closed it).</summary>
    public async Task CloseAsync(FakeEngineConnection connection, EngineCloseReason reason, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.MarkClosed())
        {
            await Handler.OnCloseAsync(connection, reason, exception);
        }
    }
}
