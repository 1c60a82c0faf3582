using System.Net;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Completions;

/// <summary>Registers chat completions (upstreams, <c>echo</c>, tasks, the stream events) and maps their endpoints.</summary>
internal static class CompletionServiceCollectionExtensions
{
    public static IServiceCollection AddCompletions(this IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<CompletionOptions>, CompletionEnvironment>();
        services.AddOptions<CompletionOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CompletionOptions>, CompletionOptionsValidator>();
        services.AddHttpClient(UpstreamSource.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = sp.GetRequiredService<IOptions<CompletionOptions>>().Value.ConnectTimeout,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddSingleton<WordPacer>();
        services.AddSingleton<EchoModel>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<InMemoryChatTaskRegistry>();
        services.AddSingleton<IChatTaskRegistry>(sp => sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value.IsRedisMode
            ? sp.GetRequiredService<Scaling.RedisChatTaskRegistry>()
            : sp.GetRequiredService<InMemoryChatTaskRegistry>());
        services.AddSingleton<LocalChatStreamMirror>();
        services.AddSingleton<IChatStreamMirror>(sp => sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value.IsRedisMode
            ? sp.GetRequiredService<Scaling.RedisChatStreamMirror>()
            : sp.GetRequiredService<LocalChatStreamMirror>());
        services.AddSingleton<ChatStreams>();
        services.AddSingleton<CompletionRunner>();
        services.AddHostedService<CompletionShutdown>();
        services.AddSingleton<IRealtimeEvent, StreamSubscribeEvent>();
        services.AddSingleton<IRealtimeEvent, StreamResumeEvent>();
        return services;
    }

    public static IEndpointRouteBuilder MapCompletions(this IEndpointRouteBuilder endpoints) => endpoints.MapCompletionEndpoints();
}
