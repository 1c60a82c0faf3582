using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.Server.Realtime;
using Switchboard.Server.Sessions;

namespace Switchboard.Server.Documents;

/// <summary>Registers collaborative notes: options, storage, the document hub and the <c>join-note</c> and <c>ydoc:*</c> events.</summary>
internal static class DocumentServiceCollectionExtensions
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DocumentOptions>, DocumentOptionsValidator>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<DocumentLogWriter>();
        services.AddSingleton<DocumentHub>();
        services.TryAddSingleton<IDocumentCoordinator, LocalDocumentCoordinator>();
        services.AddHostedService<DocumentLifetime>();
        services.AddSingleton<ISocketCleanup, DocumentCleanup>();
        services.AddSingleton<IRealtimeEvent, JoinNoteEvent>();
        services.AddSingleton<IRealtimeEvent, DocumentJoinEvent>();
        services.AddSingleton<IRealtimeEvent, DocumentStateEvent>();
        services.AddSingleton<IRealtimeEvent, DocumentUpdateEvent>();
        services.AddSingleton<IRealtimeEvent, DocumentLeaveEvent>();
        services.AddSingleton<IRealtimeEvent, AwarenessUpdateEvent>();
        return services;
    }
}
