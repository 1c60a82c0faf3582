using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO;

namespace Microsoft.AspNetCore.Routing;

/// <summary>Maps the Socket.IO server.</summary>
public static class SocketIOEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the application's <see cref="SocketIOServer"/> (Engine.IO polling and WebSocket) under
    /// <paramref name="pattern"/>, such as <c>/socket.io</c> or <c>/ws/socket.io</c>. Requires <c>AddSocketIO</c>.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The path prefix socket.io-client's <c>path</c> option names.</param>
    /// <param name="configure">
    /// Registers namespaces, middleware and handlers on the server. There is one server for every path: a delegate
    /// equal to one already applied (the same lambda or method) is not run again, so mapping a second path with the
    /// same configuration does not register every handler twice. Pass <see langword="null"/> on further paths.
    /// </param>
    /// <param name="configureEngine">Adjusts this endpoint's Engine.IO options (ping interval, max payload, CORS).</param>
    /// <returns>A builder to add conventions to the endpoint.</returns>
    public static IEndpointConventionBuilder MapSocketIO(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Action<SocketIOServer>? configure = null,
        Action<EngineIOOptions>? configureEngine = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var server = endpoints.ServiceProvider.GetRequiredService<SocketIOServer>();
        if (configure is not null && server.TryMarkConfigured(configure))
        {
            configure(server);
        }

        return endpoints.MapEngineIO(pattern, _ => server.EngineHandler, configureEngine);
    }
}
