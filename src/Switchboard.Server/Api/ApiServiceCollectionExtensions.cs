using Microsoft.Extensions.Options;
using Switchboard.Server.Api.Auths;
using Switchboard.Server.Api.Channels;
using Switchboard.Server.Api.Chats;
using Switchboard.Server.Api.Config;
using Switchboard.Server.Api.Notes;
using Switchboard.Server.Api.Users;

namespace Switchboard.Server.Api;

/// <summary>Registers and maps the REST API (<c>/api/v1/...</c>, <c>/api/config</c>, <c>/api/version</c>).</summary>
internal static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddSwitchboardApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiEnvironment>();
        services.AddSingleton<IConfigureOptions<ApiOptions>>(sp => sp.GetRequiredService<ApiEnvironment>());
        services.AddSingleton<IValidateOptions<ApiOptions>>(sp => sp.GetRequiredService<ApiEnvironment>());
        services.AddOptions<ApiOptions>().ValidateOnStart();
        services.AddSingleton<ApiAuthenticator>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AuthServices>();
        services.AddSingleton<ChannelServices>();
        services.AddSingleton<NoteServices>();
        services.AddSingleton<ChatServices>();
        return services;
    }

    public static IEndpointRouteBuilder MapSwitchboardApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuthEndpoints();
        endpoints.MapUserEndpoints();
        endpoints.MapProfileImageEndpoint();
        endpoints.MapChannelEndpoints();
        endpoints.MapNoteEndpoints();
        endpoints.MapChatEndpoints();
        endpoints.MapConfigEndpoints();
        return endpoints;
    }
}
