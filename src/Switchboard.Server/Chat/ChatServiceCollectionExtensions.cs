using Switchboard.Server.Sessions;

namespace Switchboard.Server.Chat;

/// <summary>Registers the chat event emitter, caller and direct-connection channels.</summary>
internal static class ChatServiceCollectionExtensions
{
    public static IServiceCollection AddChatEvents(this IServiceCollection services)
    {
        services.AddSingleton<ChatMessageStore>();
        services.AddSingleton<ChatWriteQueue>();
        services.AddSingleton<IChatEventEmitter, ChatEventEmitter>();
        services.AddSingleton<IChatEventCaller, ChatEventCaller>();
        services.AddSingleton<DirectChannels>();
        services.AddSingleton<IDirectChannels>(sp => sp.GetRequiredService<DirectChannels>());
        services.AddSingleton<ISocketCleanup>(sp => sp.GetRequiredService<DirectChannels>());
        services.AddHostedService<ChatShutdownFlush>();
        return services;
    }
}
