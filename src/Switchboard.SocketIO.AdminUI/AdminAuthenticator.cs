using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.SocketIO.AdminUI;

/// <summary>
/// Checks the UI's credentials: a session id from an earlier login, or the user name and the password against the
/// bcrypt hash. A login creates a session id the UI keeps (in its local storage) and reconnects with.
/// </summary>
internal sealed class AdminAuthenticator(AdminUIOptions options, TimeProvider time)
{
    // Enough for every operator; expired entries are pruned when a login would pass the bound.
    private const int MaxSessions = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    public static bool IsBcryptHash(string? hash) =>
        hash is { Length: 60 } && (hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal));

    /// <summary>
    /// Returns <see langword="true"/> when the handshake may connect; <paramref name="newSession"/> is the session id
    /// to send the UI after a login with the password.
    /// </summary>
    public bool TryAuthenticate(JsonElement auth, out string? newSession)
    {
        newSession = null;
        if (options.AllowAnonymous)
        {
            return true;
        }

        if (auth.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (auth.TryGetProperty("sessionId", out var sessionId) && sessionId.ValueKind == JsonValueKind.String
            && _sessions.TryGetValue(sessionId.GetString()!, out var expires))
        {
            if (expires > now)
            {
                return true;
            }

            _sessions.TryRemove(sessionId.GetString()!, out _);
        }

        if (!auth.TryGetProperty("username", out var username) || username.ValueKind != JsonValueKind.String
            || !auth.TryGetProperty("password", out var password) || password.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        // The hash is checked even for a wrong user name, so the answer takes as long either way.
        var userMatches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(username.GetString()!)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Username!)));
        var passwordMatches = BCrypt.Net.BCrypt.Verify(password.GetString()!, options.PasswordHash!);
        if (!userMatches || !passwordMatches)
        {
            return false;
        }

        if (_sessions.Count >= MaxSessions)
        {
            foreach (var (id, until) in _sessions)
            {
                if (until <= now)
                {
                    _sessions.TryRemove(id, out _);
                }
            }
        }

        newSession = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (_sessions.Count < MaxSessions)
        {
            _sessions[newSession] = now + options.SessionLifetime;
        }

        return true;
    }
}
