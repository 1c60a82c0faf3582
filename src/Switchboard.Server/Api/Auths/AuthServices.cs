using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Auth;
using Switchboard.Server.Channels;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Api.Auths;

/// <summary>What the auth endpoints use, resolved once per request.</summary>
internal sealed class AuthServices(
    IDbContextFactory<WebUIDbContext> contexts,
    ITokenValidator tokens,
    ITokenRevocations revocations,
    PasswordHasher hasher,
    SigningKey key,
    ChannelDirectory channels,
    TimeProvider time,
    IOptions<ApiOptions> options)
{
    public IDbContextFactory<WebUIDbContext> Contexts { get; } = contexts;
    public ITokenValidator Tokens { get; } = tokens;
    public ITokenRevocations Revocations { get; } = revocations;
    public PasswordHasher Hasher { get; } = hasher;
    public SigningKey Key { get; } = key;
    public ChannelDirectory Channels { get; } = channels;
    public TimeProvider Time { get; } = time;
    public ApiOptions Options { get; } = options.Value;
}
