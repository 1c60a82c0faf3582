using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Documents;
using Switchboard.Server.Scaling;
using Switchboard.Server.Sessions;
using Switchboard.Server.Usage;

namespace Switchboard.Server.Realtime;

/// <summary>Registers the socket layer's handlers and HTTP endpoints.</summary>
internal static class RealtimeServiceCollectionExtensions
{
    public static IServiceCollection AddRealtime(this IServiceCollection services)
    {
        services.AddSingleton<RealtimeHandlers>();
        services.AddSingleton<IRealtimeHub, RealtimeHub>();
        services.AddSingleton<PresenceWriter>();
        services.AddSingleton<InMemoryUsageStore>();
        services.AddSingleton<IUsageStore>(sp => sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value.IsRedisMode
            ? sp.GetRequiredService<RedisUsageStore>()
            : sp.GetRequiredService<InMemoryUsageStore>());
        services.AddSingleton<ISocketCleanup>(sp => sp.GetRequiredService<InMemoryUsageStore>());
        services.AddHostedService<UsageSweeper>();

        services.AddSingleton<IRealtimeEvent, UserJoinEvent>();
        services.AddSingleton<IRealtimeEvent, HeartbeatEvent>();
        services.AddSingleton<IRealtimeEvent, JoinChannelsEvent>();
        services.AddSingleton<IRealtimeEvent, ChannelEvent>();
        services.AddSingleton<IRealtimeEvent, ChatReadEvent>();
        services.AddSingleton<IRealtimeEvent, UsageEvent>();
        services.AddDocuments();
        return services;
    }

    public static WebApplication MapRealtimeHttp(this WebApplication app)
    {
        app.MapUsage();
        return app;
    }
}
