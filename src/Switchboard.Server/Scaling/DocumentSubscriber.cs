using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.Server.Documents;

namespace Switchboard.Server.Scaling;

/// <summary>Applies the document updates other instances announce to this instance's open copies (Redis mode only).</summary>
internal sealed partial class DocumentSubscriber(
    RedisConnection redis,
    DocumentHub hub,
    IOptions<SwitchboardOptions> options,
    ILogger<DocumentSubscriber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsRedisMode)
        {
            return;
        }

        var multiplexer = await redis.GetMultiplexerAsync(stoppingToken);
        redis.Restored += () => _ = RefreshAsync();
        ChannelMessageQueue queue;
        while (true)
        {
            try
            {
                queue = await multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(redis.Keys.DocumentChannel));
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.SubscribeFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                DocumentAnnouncement? announcement;
                try
                {
                    announcement = JsonSerializer.Deserialize<DocumentAnnouncement>((string)message.Message!);
                }
                catch (JsonException)
                {
                    announcement = null;
                }

                if (announcement is null || announcement.Update is null || announcement.DocumentId is null)
                {
                    Log.Malformed(logger);
                }
                else if (announcement.Origin != redis.InstanceId)
                {
                    await hub.ApplyRemoteAsync(announcement.DocumentId, announcement.Seq, announcement.Update);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            await hub.RefreshAllAsync();
        }
#pragma warning disable CA1031 // Best effort after an outage; the next save or load reads the log anyway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RefreshFailed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Subscribing to document updates failed ({Message}); trying again.", EventName = "SubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, string message);

        [LoggerMessage(2, LogLevel.Warning, "Skipped a malformed document announcement.", EventName = "Malformed")]
        public static partial void Malformed(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "Reading the stored logs of open documents after the outage failed: {Message}", EventName = "RefreshFailed")]
        public static partial void RefreshFailed(ILogger logger, string message);
    }
}
