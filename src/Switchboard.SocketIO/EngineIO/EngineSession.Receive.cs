using System.Net.WebSockets;
using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO;

internal sealed partial class EngineSession
{
    // One reader at a time into the handler: a POST and an upgraded WebSocket can briefly overlap.
    private readonly SemaphoreSlim _receiveLock = new(1, 1);
    private bool _opened;
    private int _payloadTooLargeLogged;

    /// <summary>Calls <see cref="IEngineHandler.OnOpenAsync"/> (after the open packet was queued) and starts the heartbeat.</summary>
    internal async Task OpenAsync()
    {
        StartHeartbeat();
        EngineIOLog.SessionOpened(Logger, Id, Transport);
        await _receiveLock.WaitAsync();
        try
        {
            if (IsClosed)
            {
                return;
            }

            _opened = true;
            await _endpoint.Handler.OnOpenAsync(this, _closing.Token);
        }
        catch (Exception ex)
        {
            EngineIOLog.HandlerError(Logger, Id, ex);
            Close(EngineCloseReason.TransportError, ex, WebSocketCloseStatus.InternalServerError);
        }
        finally
        {
            _receiveLock.Release();
        }
    }

    internal Task EnterReceiveAsync() => _receiveLock.WaitAsync();

    internal void ExitReceive() => _receiveLock.Release();

    /// <summary>
    /// Handles one packet from the client. The caller holds the receive lock. Returns <see langword="false"/> when the
    /// packet (or the message, as judged by the handler) was invalid and the session closed as a parse error.
    /// </summary>
    internal async ValueTask<bool> DispatchAsync(EnginePacket packet)
    {
        if (IsClosed)
        {
            return true;
        }

        RecordReceived(packet);
        switch (packet.Type)
        {
            case EnginePacketType.Message:
                return await DeliverAsync(packet.ToMessage());
            case EnginePacketType.Pong:
                OnPong();
                break;
            case EnginePacketType.Close:
                Close(EngineCloseReason.TransportClose, null);
                break;
            case EnginePacketType.Upgrade:
            case EnginePacketType.Noop:
                break;
            case EnginePacketType.Ping:
                // v4: only the server pings (socketio-wire.md §3.6).
                ParseError(new InvalidDataException("Invalid heartbeat direction: the client sent a ping."));
                return false;
            default:
                ParseError(new InvalidDataException($"Unexpected {packet.Type} packet from the client."));
                return false;
        }

        return true;
    }

    /// <summary>Logs, once per session, that the client sent more than maxPayload (a POST may try again and again).</summary>
    internal void PayloadTooLarge()
    {
        if (Interlocked.Exchange(ref _payloadTooLargeLogged, 1) == 0)
        {
            EngineIOLog.PayloadTooLarge(Logger, Id, _endpoint.Options.MaxPayload);
        }
    }

    /// <summary>Closes the session because the client sent something invalid.</summary>
    internal void ParseError(Exception exception)
    {
        EngineIOLog.ParseError(Logger, Id, exception);
        Close(EngineCloseReason.ParseError, exception, WebSocketCloseStatus.InvalidPayloadData);
    }

    private async ValueTask<bool> DeliverAsync(EngineMessage message)
    {
        try
        {
            await _endpoint.Handler.OnMessageAsync(this, message, _closing.Token);
        }
        catch (InvalidDataException ex)
        {
            ParseError(ex);
            return false;
        }
        catch (OperationCanceledException) when (IsClosed)
        {
            // The session closed while the handler was working.
        }
        catch (Exception ex)
        {
            EngineIOLog.HandlerError(Logger, Id, ex);
            Close(EngineCloseReason.TransportError, ex, WebSocketCloseStatus.InternalServerError);
        }

        return true;
    }
}
