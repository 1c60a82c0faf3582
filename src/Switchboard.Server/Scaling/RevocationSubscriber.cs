using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Disconnects this instance's sockets whose token another instance revoked, as soon as it is announced (the
/// subscription comes back by itself after a Redis restart; the database poll covers what was missed meanwhile).
/// </summary>
internal sealed partial class RevocationSubscriber(
    RedisConnection redis,
    SessionTerminator terminator,
    IOptions<SwitchboardOptions> options,
    ILogger<RevocationSubscriber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsRedisMode)
        {
            return;
        }

        var multiplexer = await redis.GetMultiplexerAsync(stoppingToken);
        var queue = await SubscribeAsync(multiplexer, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                await ApplyAsync(message.Message);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    // The first SUBSCRIBE may come while Redis is down: try again until it goes through.
    private async Task<ChannelMessageQueue> SubscribeAsync(IConnectionMultiplexer multiplexer, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(redis.Keys.RevocationChannel));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.SubscribeFailed(logger, ex.Message);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task ApplyAsync(RedisValue value)
    {
        RevocationMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<RevocationMessage>((string)value!, RevocationMessage.JsonOptions);
        }
        catch (JsonException)
        {
            message = null;
        }

        switch (message)
        {
            case { TokenId: { } jti }:
                await terminator.DisconnectRevokedAsync(a => a.Claims.TokenId == jti);
                break;
            case { UserId: { } user, RevokedAt: { } at }:
                await terminator.DisconnectRevokedAsync(a => a.User.Id == user && TokenRevocations.IsRevokedBy(a.Claims, at));
                break;
            default:
                Log.Malformed(logger);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Subscribing to revocations failed ({Message}); trying again.", EventName = "SubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string message);

        [LoggerMessage(2, LogLevel.Warning, "Skipped a malformed revocation message.", EventName = "Malformed")]
        public static partial void Malformed(ILogger logger);
    }
}
