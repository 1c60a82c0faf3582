using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Auth;

/// <summary>Every way a token is refused by the server (signature, algorithm, expiry, revocation, user), on both databases.</summary>
public abstract class TokenValidatorSpecification(ServerFixture fixture)
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(ServerHost.Secret);

    private ServerHost Host => fixture.Host;

    private ITokenValidator Tokens => Host.Services.GetRequiredService<ITokenValidator>();

    private ITokenRevocations Revocations => Host.Services.GetRequiredService<ITokenRevocations>();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static string Sign(string userId, long? exp = null, long? iat = null, string? jti = null, byte[]? key = null) =>
        JwtToken.Create(new JwtClaims { UserId = userId, ExpiresAt = exp, IssuedAt = iat, TokenId = jti }, key ?? Key);

    [StorageFact]
    public async Task Validate_GoodToken_UserLoaded()
    {
        var user = await Seed.UserAsync(Host, "admin", "Ada");

        var check = await Tokens.ValidateAsync(Sign(user.Id, Now + 60));

        Assert.True(check.IsValid);
        Assert.Equal(new UserIdentity { Id = user.Id, Name = "Ada", Role = "admin", Email = user.Email }, check.User);
    }

    [StorageFact]
    public async Task Validate_CreatedToken_HasJtiIatAndExpiry()
    {
        var user = await Seed.UserAsync(Host);

        var check = await Tokens.ValidateAsync(Tokens.CreateToken(user.Id));

        Assert.True(check.IsValid);
        Assert.NotNull(check.Claims.TokenId);
        Assert.NotNull(check.Claims.IssuedAt);
        Assert.True(check.Claims.ExpiresAt > Now);
    }

    [StorageFact]
    public async Task Validate_OtherSecret_BadSignature()
    {
        var user = await Seed.UserAsync(Host);

        Assert.Equal(JwtFailure.BadSignature, (await Tokens.ValidateAsync(Sign(user.Id, key: Encoding.UTF8.GetBytes("t0p-s3cr3t")))).Failure);
    }

    [StorageFact]
    public async Task Validate_Expired_Refused()
    {
        var user = await Seed.UserAsync(Host);

        Assert.Equal(JwtFailure.Expired, (await Tokens.ValidateAsync(Sign(user.Id, Now - 1))).Failure);
    }

    [StorageFact]
    public async Task Validate_UnknownUser_Refused()
    {
        Assert.Equal(JwtFailure.UnknownUser, (await Tokens.ValidateAsync(Sign(Seed.NewId()))).Failure);
    }

    [StorageFact]
    public async Task Validate_PendingUser_NotPermitted()
    {
        var user = await Seed.UserAsync(Host, "pending");

        Assert.Equal(JwtFailure.NotPermitted, (await Tokens.ValidateAsync(Sign(user.Id))).Failure);
    }

    [StorageFact]
    public async Task Validate_AlgNone_Refused()
    {
        var user = await Seed.UserAsync(Host);
        var none = Convert.ToBase64String("""{"alg":"none","typ":"JWT"}"""u8).TrimEnd('=') + "." +
            Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"id":"{{user.Id}}"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".";

        Assert.False((await Tokens.ValidateAsync(none)).IsValid);
    }

    [StorageFact]
    public async Task Validate_RevokedJti_Refused_OtherTokensNot()
    {
        var user = await Seed.UserAsync(Host);
        var revoked = Sign(user.Id, Now + 60, Now, "jti-" + Seed.NewId());
        var other = Sign(user.Id, Now + 60, Now, "jti-" + Seed.NewId());
        var jti = (await Tokens.ValidateAsync(revoked)).Claims!.TokenId!;

        await Revocations.RevokeTokenAsync(jti, user.Id, Now + 60);

        Assert.Equal(JwtFailure.Revoked, (await Tokens.ValidateAsync(revoked)).Failure);
        Assert.True((await Tokens.ValidateAsync(other)).IsValid);
    }

    [StorageFact]
    public async Task Validate_UserRevocation_MidSemantics()
    {
        var user = await Seed.UserAsync(Host);
        var now = Now; // one instant: the clock may pass a second boundary between the lines below
        // Recorded by another instance: checks see it within the poll interval (RevocationCache).
        await using (var db = await Host.DbAsync())
        {
            db.UserRevocations.Add(new UserRevocationRow { UserId = user.Id, RevokedAt = now, RecordedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            await db.SaveChangesAsync();
        }

        // Refused: issued at or before revoked_at, or without iat. Accepted: issued after it.
        await UntilRefusedAsync(Sign(user.Id, iat: now - 100));
        Assert.Equal(JwtFailure.Revoked, (await Tokens.ValidateAsync(Sign(user.Id, iat: now))).Failure);
        Assert.Equal(JwtFailure.Revoked, (await Tokens.ValidateAsync(Sign(user.Id))).Failure);
        Assert.True((await Tokens.ValidateAsync(Sign(user.Id, iat: now + 5))).IsValid);
    }

    [StorageFact]
    public async Task Validate_TokenRevokedByAnotherInstance_RefusedWithinPollInterval()
    {
        var user = await Seed.UserAsync(Host);
        var jti = Seed.NewId();
        var token = Sign(user.Id, Now + 60, jti: jti);
        Assert.True((await Tokens.ValidateAsync(token)).IsValid);

        await using (var db = await Host.DbAsync())
        {
            db.RevokedTokens.Add(new RevokedTokenRow { Jti = jti, UserId = user.Id, ExpiresAt = Now + 60, RecordedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            await db.SaveChangesAsync();
        }

        await UntilRefusedAsync(token);
    }

    [StorageFact]
    public async Task RevocationCache_RowsRecordedElsewhere_ReadOncePerPollInterval()
    {
        var user = await Seed.UserAsync(Host);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SwitchboardOptions { RevocationPollInterval = TimeSpan.FromMilliseconds(500) };
        var cache = new RevocationCache(Host.Services.GetRequiredService<IDbContextFactory<WebUIDbContext>>(), time, Options.Create(options));
        var claims = new JwtClaims { UserId = user.Id, IssuedAt = Now, ExpiresAt = Now + 60, TokenId = Seed.NewId() };
        var timeout = TimeSpan.FromSeconds(30);
        Assert.False(await cache.IsRevokedAsync(claims, CancellationToken.None).AsTask().WaitAsync(timeout));

        await using (var db = await Host.DbAsync())
        {
            db.RevokedTokens.Add(new RevokedTokenRow { Jti = claims.TokenId!, UserId = user.Id, RecordedAt = time.GetUtcNow().ToUnixTimeMilliseconds() });
            db.UserRevocations.Add(new UserRevocationRow { UserId = user.Id, RevokedAt = Now + 1000, RecordedAt = time.GetUtcNow().ToUnixTimeMilliseconds() });
            await db.SaveChangesAsync();
        }

        // Within the interval the copy answers without reading the tables; once it passed, the next check reads them.
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(await cache.IsRevokedAsync(claims, CancellationToken.None).AsTask().WaitAsync(timeout));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await cache.IsRevokedAsync(claims, CancellationToken.None).AsTask().WaitAsync(timeout));
        Assert.True(await cache.IsRevokedAsync(claims with { TokenId = Seed.NewId() }, CancellationToken.None).AsTask().WaitAsync(timeout));

        // A revocation made here is in the copy at once.
        var other = await Seed.UserAsync(Host);
        var otherClaims = new JwtClaims { UserId = other.Id, IssuedAt = Now, TokenId = Seed.NewId() };
        Assert.False(await cache.IsRevokedAsync(otherClaims, CancellationToken.None).AsTask().WaitAsync(timeout));
        cache.AddToken(otherClaims.TokenId!, null);
        Assert.True(await cache.IsRevokedAsync(otherClaims, CancellationToken.None).AsTask().WaitAsync(timeout));
    }

    [StorageFact]
    public async Task Recheck_ExpiredOrRevoked_Reported()
    {
        var user = await Seed.UserAsync(Host);
        var claims = new JwtClaims { UserId = user.Id, ExpiresAt = Now + 60, IssuedAt = Now, TokenId = Seed.NewId() };

        Assert.Null(await Tokens.RecheckAsync(claims));
        Assert.Equal(JwtFailure.Expired, await Tokens.RecheckAsync(claims with { ExpiresAt = Now - 1 }));
        await Revocations.RevokeTokenAsync(claims.TokenId!, user.Id, null);
        Assert.Equal(JwtFailure.Revoked, await Tokens.RecheckAsync(claims));
    }

    // Polls the validator until it refuses the token (a revocation recorded elsewhere arrives within the poll
    // interval); the deadline only catches a hang.
    private async Task UntilRefusedAsync(string token)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Tokens.ValidateAsync(token, deadline.Token)).Failure != JwtFailure.Revoked)
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
