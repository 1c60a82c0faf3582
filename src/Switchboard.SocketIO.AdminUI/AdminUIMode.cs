namespace Switchboard.SocketIO.AdminUI;

/// <summary>How much the Admin UI is told (the <c>mode</c> option of <c>instrument()</c>).</summary>
public enum AdminUIMode
{
    /// <summary>Everything: the list of sockets with rooms and handshake, and each connection, room change and event as it happens.</summary>
    Development,

    /// <summary>Server statistics and aggregated counts only: cheaper on a busy server, and no socket details leave it.</summary>
    Production,
}
