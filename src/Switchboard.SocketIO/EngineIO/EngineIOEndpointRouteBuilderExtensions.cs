using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO.Diagnostics;
using Switchboard.SocketIO.EngineIO;

namespace Microsoft.AspNetCore.Routing;

/// <summary>Maps Engine.IO endpoints.</summary>
public static class EngineIOEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Engine.IO v4 (polling and WebSocket) under the path prefix <paramref name="pattern"/>, such as
    /// <c>/engine.io</c> or <c>/ws/socket.io/</c> (with or without the trailing slash). Requires <c>AddEngineIO</c>.
    /// When the host stops, open sessions are closed with <see cref="EngineCloseReason.ServerShuttingDown"/>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The path prefix.</param>
    /// <param name="handlerFactory">Creates the endpoint's one handler; called once, when the endpoint is mapped.</param>
    /// <param name="configure">Adjusts this endpoint's options, starting from those configured in <c>AddEngineIO</c>.
    /// The result is validated here and <see cref="OptionsValidationException"/> is thrown if it is invalid.</param>
    /// <returns>A builder to add conventions (authorization, CORS policies, metadata) to the endpoint.</returns>
    public static IEndpointConventionBuilder MapEngineIO(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<IServiceProvider, IEngineHandler> handlerFactory,
        Action<EngineIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(handlerFactory);

        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<EngineIOOptions>>().Value.Clone();
        configure?.Invoke(options);
        EngineIOOptionsValidator.ThrowIfInvalid(options);

        var path = "/" + pattern.Trim('/');
        var engine = new EngineEndpoint(
            path,
            options,
            handlerFactory(services) ?? throw new InvalidOperationException("The Engine.IO handler factory returned null."),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Switchboard.SocketIO.EngineIO"),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<SocketIOMetrics>());
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(engine.CloseAll);

        // Routing matches the prefix with and without a trailing slash.
        return endpoints.Map(path, engine.HandleRequestAsync).WithDisplayName("Engine.IO " + path);
    }
}
