using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO.Diagnostics;
using Switchboard.SocketIO.EngineIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Engine.IO server.</summary>
public static class EngineIOServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Engine.IO server: <see cref="EngineIOOptions"/> (validated when the host starts) and a
    /// <see cref="TimeProvider"/> (the system clock unless one is registered already). Map endpoints with
    /// <c>MapEngineIO</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the defaults every endpoint starts from.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddEngineIO(this IServiceCollection services, Action<EngineIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EngineIOOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineIOOptions>, EngineIOOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SocketIOMetrics>();
        return services;
    }
}
