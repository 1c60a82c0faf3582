using System.Text;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.Testing;

/// <summary>
/// Drives an <see cref="IEngineHandler"/> the way the Engine.IO server does, without a transport: opens fake
/// connections, delivers messages in order, turns <see cref="InvalidDataException"/> into a parse-error close, and
/// reports closes. As in <c>EngineSession</c>, a close fires the connection's <see cref="FakeEngineConnection.Closed"/>
/// token at once but reaches the handler only after the message being delivered (if any) completes.
/// </summary>
public sealed class FakeEngine(IEngineHandler handler)
{
    public IEngineHandler Handler { get; } = handler;

    public async Task<FakeEngineConnection> OpenAsync(EngineHandshake? handshake = null)
    {
        var connection = new FakeEngineConnection(handshake, c => _ = NotifyCloseAsync(c, EngineCloseReason.ForcedClose, null));
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

        InvalidDataException? invalid = null;
        await connection.ReceiveLock.WaitAsync();
        try
        {
            await Handler.OnMessageAsync(connection, message, connection.Closed);
        }
        catch (InvalidDataException ex)
        {
            invalid = ex;
        }
        catch (OperationCanceledException) when (connection.IsClosed)
        {
            // The connection closed while the handler waited (EngineSession ignores this too).
        }
        finally
        {
            connection.ReceiveLock.Release();
        }

        if (invalid is not null)
        {
            await CloseAsync(connection, EngineCloseReason.ParseError, invalid);
            return false;
        }

        return true;
    }

    /// <summary>The transport went away (or the client closed it).</summary>
    public async Task CloseAsync(FakeEngineConnection connection, EngineCloseReason reason, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.MarkClosed())
        {
            await NotifyCloseAsync(connection, reason, exception);
        }
    }

    private async Task NotifyCloseAsync(FakeEngineConnection connection, EngineCloseReason reason, Exception? exception)
    {
        await connection.ReceiveLock.WaitAsync();
        try
        {
            await Handler.OnCloseAsync(connection, reason, exception);
        }
        finally
        {
            connection.ReceiveLock.Release();
        }
    }
}
