namespace Switchboard.SocketIO.AdminUI;

/// <summary>
/// Options of the Admin UI's server side (those of <c>instrument()</c> in <c>@socket.io/admin-ui</c>). Set either
/// <see cref="Username"/> and <see cref="PasswordHash"/>, or <see cref="AllowAnonymous"/> on purpose.
/// </summary>
public sealed class AdminUIOptions
{
    /// <summary>The namespace the UI connects to. Default <c>/admin</c>.</summary>
    public string Namespace { get; set; } = "/admin";

    /// <summary>The user name the UI must send.</summary>
    public string? Username { get; set; }

    /// <summary>
    /// The bcrypt hash of the password (<c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>), never the password itself: for example
    /// <c>htpasswd -nbBC 10 "" 'the password' | tr -d ':\n'</c>.
    /// </summary>
    public string? PasswordHash { get; set; }

    /// <summary>Lets anyone who can reach the server connect (<c>auth: false</c>); for local development only. Default off.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Read-only: the UI shows everything but cannot emit, join, leave or disconnect. Default off.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>How this server is named in the UI. Default the machine name.</summary>
    public string? ServerId { get; set; }

    /// <summary>How much the UI is told. Default <see cref="AdminUIMode.Development"/>.</summary>
    public AdminUIMode Mode { get; set; } = AdminUIMode.Development;

    /// <summary>How often server statistics are sent. Default 2 s (the UI's own pace).</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a login lasts: the UI reconnects with a session id instead of the password. Default 1 day.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(1);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Namespace) || !Namespace.StartsWith('/') || Namespace == "/")
        {
            throw new ArgumentException($"{nameof(Namespace)} must be a namespace of its own such as '/admin' (was '{Namespace}').");
        }

        if (StatsInterval <= TimeSpan.Zero || SessionLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(StatsInterval)} and {nameof(SessionLifetime)} must be positive.");
        }

        var hasCredentials = Username is not null || PasswordHash is not null;
        if (AllowAnonymous == hasCredentials)
        {
            throw new ArgumentException(
                $"Set {nameof(Username)} and {nameof(PasswordHash)}, or set {nameof(AllowAnonymous)} to let anyone in; not both, not neither.");
        }

        if (hasCredentials && (string.IsNullOrEmpty(Username) || !AdminAuthenticator.IsBcryptHash(PasswordHash)))
        {
            throw new ArgumentException($"{nameof(Username)} must be set and {nameof(PasswordHash)} must be a bcrypt hash ($2a$, $2b$ or $2y$), not a password.");
        }
    }
}
