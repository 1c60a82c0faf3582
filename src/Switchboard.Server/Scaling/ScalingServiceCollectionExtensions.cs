using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Documents;
using Switchboard.Server.Sessions;
using Switchboard.SocketIO;
using Switchboard.SocketIO.Redis;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Registers Redis mode. Whether it is on is decided when the options are read (<see cref="SwitchboardOptions.IsRedisMode"/>),
/// so every piece is registered always and the one-instance mode is what it was when no Redis is configured.
/// </summary>
internal static class ScalingServiceCollectionExtensions
{
    public static IServiceCollection AddScaling(this IServiceCollection services)
    {
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<ILeaseStore, RedisLeaseStore>();
        services.AddSingleton<RedisUsageStore>();
        services.AddSingleton<ISocketCleanup>(sp => sp.GetRequiredService<RedisUsageStore>());
        services.AddSingleton<RedisSessionPresence>();
        services.AddSingleton<ISocketCleanup>(sp => sp.GetRequiredService<RedisSessionPresence>());
        services.AddSingleton<LocalSessionPresence>();
        services.AddSingleton<ISessionPresence>(sp => sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value.IsRedisMode
            ? sp.GetRequiredService<RedisSessionPresence>()
            : sp.GetRequiredService<LocalSessionPresence>());
        services.AddSingleton<RedisCleanupLoops>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisCleanupLoops>());
        services.AddHostedService<RevocationSubscriber>();
        services.AddSingleton<RedisDocumentCoordinator>();
        services.AddSingleton<LocalDocumentCoordinator>();
        services.AddSingleton<IDocumentCoordinator>(sp => sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value.IsRedisMode
            ? sp.GetRequiredService<RedisDocumentCoordinator>()
            : sp.GetRequiredService<LocalDocumentCoordinator>());
        services.AddHostedService<DocumentSubscriber>();
        services.AddSingleton<RedisChatTaskRegistry>();
        services.AddSingleton<RedisChatStreamMirror>();
        services.AddHostedService<TaskCommandListener>();

        // The Socket.IO Redis adapter on the server's multiplexer, its channels prefixed by REDIS_KEY_PREFIX (G16). The
        // adapter is put in by AddRedisAdapter and taken out again (in-memory rooms) when no Redis is configured.
        services.AddRedisAdapter(_ => { });
        services.AddOptions<RedisAdapterOptions>().Configure<IOptions<SwitchboardOptions>, IServiceProvider>((adapter, switchboard, provider) =>
        {
            adapter.ChannelPrefix = new RedisKeys(switchboard.Value.RedisKeyPrefix).AdapterChannelPrefix;
            adapter.ConnectionFactory = cancellationToken => provider.GetRequiredService<RedisConnection>().GetMultiplexerAsync(cancellationToken);

            // The same server for the adapter's own connections (DedicatedPublisher, on by default: a publish costs no
            // thread hop and no reply), which it opens only for one server over plain TCP; a sentinel, TLS or a
            // cluster keep everything on the shared multiplexer.
            if (!switchboard.Value.RedisCluster && RedisEndpoint.TryCreate(switchboard.Value, out var configuration, out _))
            {
                adapter.Configuration = configuration.ToString(includePassword: true);
            }
        });
        services.AddOptions<SocketIOOptions>().PostConfigure<IOptions<SwitchboardOptions>>((io, switchboard) =>
        {
            if (!switchboard.Value.IsRedisMode)
            {
                io.AdapterFactory = null;
            }
        });
        return services;
    }
}
