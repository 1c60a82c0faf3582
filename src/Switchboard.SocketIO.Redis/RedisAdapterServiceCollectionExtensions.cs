using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO;
using Switchboard.SocketIO.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis adapter.</summary>
public static class RedisAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Makes every namespace of the Socket.IO server use the Redis adapter (classic or sharded, see
    /// <see cref="RedisAdapterOptions.Mode"/>), sharing one <see cref="RedisAdapterConnection"/>. Call after
    /// <c>AddSocketIO</c>: <c>services.AddSocketIO().AddRedisAdapter(o => o.Configuration = "redis://127.0.0.1:6379")</c>.
    /// Options are validated at start.
    /// </summary>
    public static IServiceCollection AddRedisAdapter(this IServiceCollection services, Action<RedisAdapterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RedisAdapterOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisAdapterOptions>, RedisAdapterOptionsValidator>());
        services.TryAddSingleton<RedisAdapterConnection>();
        services.AddOptions<SocketIOOptions>().Configure<IServiceProvider>((options, provider) =>
            options.AdapterFactory = nsp =>
            {
                var connection = provider.GetRequiredService<RedisAdapterConnection>();
                return connection.Options.Mode == RedisAdapterMode.Sharded
                    ? new ShardedRedisAdapter(nsp, connection)
                    : new RedisAdapter(nsp, connection);
            });
        return services;
    }
}
