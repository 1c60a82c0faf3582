using Switchboard.Server.Documents;

namespace Switchboard.Server.Realtime;

/// <summary>Registers the socket layer's handlers and HTTP endpoints.</summary>
internal static class RealtimeServiceCollectionExtensions
{
    public static IServiceCollection AddRealtime(this IServiceCollection services)
    {
        services.AddSingleton<RealtimeHandlers>();
        services.AddSingleton<IRealtimeEvent, UserJoinEvent>();
        services.AddDocuments();
        return services;
    }

    public static WebApplication MapRealtimeHttp(this WebApplication app) => app;
}
