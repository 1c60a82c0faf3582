using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Auth;

/// <summary>
/// This instance's copy of the two revocation tables (<c>switchboard_revoked_token</c>,
/// <c>switchboard_user_revocation</c>), so that checking a token costs no query: every request and socket event
/// re-validates its token, and the two lookups per check were a measurable share of the server's CPU.
/// Freshness (G15): a revocation made here is added at once (<see cref="AddToken"/>, <see cref="AddUser"/>); the rows
/// other instances record are read by a check that finds the copy older than
/// <see cref="SwitchboardOptions.RevocationPollInterval"/> (one refresh at a time, every waiting check shares it), so a
/// check never answers from a copy older than that interval, the same bound within which <see cref="RevocationMonitor"/>
/// disconnects the sockets. A refresh reads the rows recorded since the previous one began, less a margin for clock
/// skew between instances (reading a row twice is harmless); the first reads everything.
/// </summary>
internal sealed class RevocationCache(IDbContextFactory<WebUIDbContext> contexts, TimeProvider time, IOptions<SwitchboardOptions> options)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long?> _tokens = new(StringComparer.Ordinal); // jti -> expires_at (epoch s)
    private readonly ConcurrentDictionary<string, long> _users = new(StringComparer.Ordinal); // user id -> revoked_at (epoch s)
    private readonly Lock _lock = new();
    private Task? _refresh;
    private long? _readSinceMs; // null until the first refresh: read every row
    private long _freshUntilMs = long.MinValue; // epoch ms
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    /// <summary>Whether <paramref name="claims"/> were revoked, from a copy no older than the poll interval.</summary>
    public async ValueTask<bool> IsRevokedAsync(JwtClaims claims, CancellationToken cancellationToken)
    {
        if (time.Milliseconds() >= Volatile.Read(ref _freshUntilMs))
        {
            await RefreshAsync().WaitAsync(cancellationToken);
        }

        if (claims.TokenId is { } jti && _tokens.ContainsKey(jti))
        {
            return true;
        }

        return _users.TryGetValue(claims.UserId, out var revokedAt) && TokenRevocations.IsRevokedBy(claims, revokedAt);
    }

    /// <summary>A token revoked here (already stored).</summary>
    public void AddToken(string tokenId, long? expiresAt) => _tokens[tokenId] = expiresAt;

    /// <summary>A user revocation made here (already stored); the latest time wins, as in the table.</summary>
    public void AddUser(string userId, long revokedAt) => _users.AddOrUpdate(userId, revokedAt, (_, old) => Math.Max(old, revokedAt));

    private Task RefreshAsync()
    {
        lock (_lock)
        {
            // A completed refresh is not reused: the copy went stale after it, so a new one starts.
            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = ReadAsync();
            }

            return _refresh;
        }
    }

    private async Task ReadAsync()
    {
        var started = time.GetUtcNow();
        var since = _readSinceMs is { } ms ? ms - (long)Margin.TotalMilliseconds : long.MinValue;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var tokens = await db.RevokedTokens.Where(r => r.RecordedAt >= since).Select(r => new { r.Jti, r.ExpiresAt }).ToListAsync(CancellationToken.None);
        var users = await db.UserRevocations.Where(r => r.RecordedAt >= since).Select(r => new { r.UserId, r.RevokedAt }).ToListAsync(CancellationToken.None);
        foreach (var token in tokens)
        {
            AddToken(token.Jti, token.ExpiresAt);
        }

        foreach (var user in users)
        {
            AddUser(user.UserId, user.RevokedAt);
        }

        if (started - _lastPrune > PruneEvery)
        {
            // A token past its expiry is refused for that reason anyway (the monitor drops its row too).
            _lastPrune = started;
            var now = started.ToUnixTimeSeconds();
            foreach (var (jti, expiresAt) in _tokens)
            {
                if (expiresAt < now)
                {
                    _tokens.TryRemove(jti, out _);
                }
            }
        }

        _readSinceMs = started.ToUnixTimeMilliseconds();
        Volatile.Write(ref _freshUntilMs, (started + options.Value.RevocationPollInterval).ToUnixTimeMilliseconds());
    }
}
