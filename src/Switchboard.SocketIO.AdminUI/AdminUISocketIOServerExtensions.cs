using Switchboard.SocketIO.AdminUI;

namespace Switchboard.SocketIO;

/// <summary>Turns on the Socket.IO Admin UI's server side (Node's <c>instrument(io, options)</c>).</summary>
public static class AdminUISocketIOServerExtensions
{
    /// <summary>
    /// Serves the Admin UI (<c>@socket.io/admin-ui</c> 0.5, hosted at https://admin.socket.io or self-hosted from the npm
    /// package's <c>ui/dist</c>) on the namespace <see cref="AdminUIOptions.Namespace"/>: server statistics, the sockets
    /// with their rooms and handshake, events as they happen, and (unless read-only) the UI's join, leave, emit and
    /// disconnect actions. Off until called. The UI runs on another origin and connects with credentials, so its origin
    /// goes in <c>EngineIOOptions.AllowedOrigins</c> with <c>AllowCredentials</c>.
    /// </summary>
    /// <param name="io">The server.</param>
    /// <param name="configure">Credentials (a user name and a bcrypt hash, or <see cref="AdminUIOptions.AllowAnonymous"/>) and the rest.</param>
    /// <returns>Stops the statistics and the live feed when disposed (the namespace stays).</returns>
    /// <exception cref="ArgumentException">The options are invalid: no credentials and no <c>AllowAnonymous</c>, or a password where a bcrypt hash belongs.</exception>
    public static IDisposable Instrument(this SocketIOServer io, Action<AdminUIOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new AdminUIOptions();
        configure(options);
        options.Validate();
        return new AdminUIServer(io, options);
    }
}
