using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO;

// Heartbeat (socketio-wire.md §3.6): pingInterval after the open (or after the last pong) the server sends a ping;
// without a pong by pingInterval + pingTimeout from when the ping was due, the session closes. The deadline is
// counted from when the ping was *due*, not from when a late timer sent it, and it is also checked on every request
// (CheckHeartbeat), so a late timer never lets a request through after the deadline (§2.6 item 3).
internal sealed partial class EngineSession
{
    private ITimer? _heartbeatTimer;
    private bool _awaitingPong;
    private long _nextPingDue;
    private long _pongDeadline;

    private TimeProvider Time => _endpoint.Time;

    /// <summary>
    /// Returns <see langword="false"/> (and closes the session as a ping timeout) when the pong deadline has passed.
    /// Called whenever a request or WebSocket message for this session arrives.
    /// </summary>
    internal bool CheckHeartbeat()
    {
        bool expired;
        lock (_sync)
        {
            expired = !_closed && _awaitingPong && Time.GetTimestamp() >= _pongDeadline;
        }

        if (expired)
        {
            Close(EngineCloseReason.PingTimeout, null);
        }

        return !expired && !IsClosed;
    }

    private void StartHeartbeat()
    {
        lock (_sync)
        {
            if (_closed || _heartbeatTimer is not null)
            {
                return;
            }

            _nextPingDue = Time.GetTimestamp() + ToTimestamp(_endpoint.Options.PingInterval);
            _heartbeatTimer = Time.CreateTimer(static state => ((EngineSession)state!).OnHeartbeatTimer(), this, _endpoint.Options.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnHeartbeatTimer()
    {
        bool sendPing;
        lock (_sync)
        {
            if (_closed || _heartbeatTimer is null)
            {
                return;
            }

            sendPing = !_awaitingPong;
            if (sendPing)
            {
                _awaitingPong = true;
                _pongDeadline = _nextPingDue + ToTimestamp(_endpoint.Options.PingTimeout);
                var remaining = Time.GetElapsedTime(Time.GetTimestamp(), _pongDeadline);
                _heartbeatTimer.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }

        if (sendPing)
        {
            TryEnqueue(new QueuedSend(EnginePacket.Ping));
        }
        else
        {
            Close(EngineCloseReason.PingTimeout, null);
        }
    }

    private void OnPong()
    {
        lock (_sync)
        {
            if (_closed || !_awaitingPong || _heartbeatTimer is null)
            {
                return;
            }

            // Node schedules the next ping pingInterval after the pong arrives.
            _awaitingPong = false;
            _nextPingDue = Time.GetTimestamp() + ToTimestamp(_endpoint.Options.PingInterval);
            _heartbeatTimer.Change(_endpoint.Options.PingInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopHeartbeat()
    {
        ITimer? timer;
        lock (_sync)
        {
            timer = _heartbeatTimer;
            _heartbeatTimer = null;
        }

        timer?.Dispose();
    }

    private long ToTimestamp(TimeSpan duration) => (long)(duration.TotalSeconds * Time.TimestampFrequency);
}
