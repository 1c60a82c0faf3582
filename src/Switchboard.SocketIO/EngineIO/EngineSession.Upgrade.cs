using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

// The upgrade from polling to WebSocket (socketio-wire.md §3.7): the client opens a WebSocket with the session's sid,
// sends 2probe (we answer 3probe on that socket and release the pending GET with a noop), then 5; from then on the
// session runs on the WebSocket, queued packets are flushed there, and polling requests get 400. Any other packet
// before 5, or no 5 within upgradeTimeout, abandons the probe and the session stays on polling.
internal sealed partial class EngineSession
{
    private WebSocketTransport? _probe;
    private UpgradeState _upgrade;
    private ITimer? _upgradeTimer;

    /// <summary>
    /// Attaches a probing WebSocket. Returns <see langword="false"/> when the session is closed, already upgraded, or
    /// another socket is probing; the caller then closes this one.
    /// </summary>
    internal bool TryAttachProbe(WebSocketTransport socket)
    {
        lock (_sync)
        {
            if (_closed || _upgrade != UpgradeState.None)
            {
                return false;
            }

            _probe = socket;
            _upgrade = UpgradeState.Attached;
            _upgradeTimer = Time.CreateTimer(
                static state => ((EngineSession)state!).OnUpgradeTimeout(),
                this,
                _endpoint.Options.UpgradeTimeout,
                Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    private async Task<ProbeOutcome> OnProbePacketAsync(WebSocketTransport socket, EnginePacket packet)
    {
        if (packet.Type == EnginePacketType.Ping && packet.IsProbe)
        {
            PendingPoll? poll;
            lock (_sync)
            {
                if (_probe != socket)
                {
                    return ProbeOutcome.Abandoned;
                }

                _upgrade = UpgradeState.Probed;
                poll = _pendingPoll;
            }

            await socket.SendDirectAsync(EnginePacket.ProbePong);
            poll?.Wake(PollRelease.Noop);
            return ProbeOutcome.Continue;
        }

        if (packet.Type == EnginePacketType.Upgrade)
        {
            PendingPoll? poll;
            lock (_sync)
            {
                if (_probe != socket || _closed)
                {
                    return ProbeOutcome.Abandoned;
                }

                _probe = null;
                _webSocket = socket;
                _upgrade = UpgradeState.Upgraded;
                _transport = WebSocketTransport.Name;
                poll = _pendingPoll;
            }

            StopUpgradeTimer();
            RecordUpgraded();
            poll?.Wake(PollRelease.Upgraded);
            EngineIOLog.UpgradeCompleted(Logger, Id);
            return ProbeOutcome.Upgraded;
        }

        AbandonProbe(socket, $"unexpected {packet.Type} packet");
        return ProbeOutcome.Abandoned;
    }

    private void AbandonProbe(WebSocketTransport socket, string why)
    {
        lock (_sync)
        {
            if (_probe != socket)
            {
                return;
            }

            _probe = null;
            _upgrade = UpgradeState.None;
        }

        StopUpgradeTimer();
        EngineIOLog.UpgradeAbandoned(Logger, Id, why);
        socket.Abandon();
    }

    private void OnUpgradeTimeout()
    {
        WebSocketTransport? probe;
        lock (_sync)
        {
            probe = _probe;
        }

        if (probe is not null)
        {
            AbandonProbe(probe, "upgrade timeout");
        }
    }

    private void StopUpgradeTimer()
    {
        ITimer? timer;
        lock (_sync)
        {
            timer = _upgradeTimer;
            _upgradeTimer = null;
        }

        timer?.Dispose();
    }
}
