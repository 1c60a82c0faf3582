using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO;
using Switchboard.SocketIO.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIOServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="SocketIOServer"/> with validated <see cref="SocketIOOptions"/> (checked at start),
    /// and the Engine.IO server under it (configure that with <c>AddEngineIO</c>). Map it with <c>MapSocketIO</c>.
    /// </summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services, Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddEngineIO();
        var options = services.AddOptions<SocketIOOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIOOptions>, SocketIOOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocketIOServer>();
        return services;
    }
}
