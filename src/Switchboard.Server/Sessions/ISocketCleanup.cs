namespace Switchboard.Server.Sessions;

/// <summary>
/// Work to do when a socket leaves, given only that socket's own state (G7). Register implementations with
/// <c>services.AddSingleton&lt;ISocketCleanup, ...&gt;()</c>; each runs once per disconnect, failures are logged.
/// </summary>
internal interface ISocketCleanup
{
    /// <summary>Cleans up after <paramref name="session"/>, which had joined <paramref name="documents"/>.</summary>
    Task OnDisconnectAsync(SocketSession session, string[] documents);

    /// <summary>
    /// <paramref name="session"/> signed in as another user (<c>user-join</c>); what it held as
    /// <paramref name="previousUserId"/>, such as the <paramref name="documents"/> it had joined, goes as on a disconnect.
    /// </summary>
    Task OnUserChangedAsync(SocketSession session, string previousUserId, string[] documents) => Task.CompletedTask;
}
