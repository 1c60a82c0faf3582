namespace Switchboard.Server.Sessions;

/// <summary>
/// Work to do when a socket leaves, given only that socket's own state (G7). Register implementations with
/// <c>services.AddSingleton&lt;ISocketCleanup, ...&gt;()</c>; each runs once per disconnect, failures are logged.
/// </summary>
internal interface ISocketCleanup
{
    /// <summary>Cleans up after <paramref name="session"/>, which had joined <paramref name="documents"/>.</summary>
    Task OnDisconnectAsync(SocketSession session, string[] documents);
}
