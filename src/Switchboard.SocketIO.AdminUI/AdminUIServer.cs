using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Switchboard.SocketIO.AdminUI;

/// <summary>
/// The server side of the Admin UI on one <see cref="SocketIOServer"/>: the admin namespace with its login, what the
/// UI is sent when it connects, the statistics timer, and (split off) the live feed and the UI's actions.
/// </summary>
internal sealed partial class AdminUIServer : IDisposable
{
    // The feed is best effort, like Node's: when the UI cannot keep up, newer items are dropped rather than queued without end.
    private const int FeedCapacity = 10_000;

    private readonly SocketIOServer _io;
    private readonly AdminUIOptions _options;
    private readonly AdminAuthenticator _authenticator;
    private readonly EventAggregator _aggregator;
    private readonly Channel<(string Event, object?[] Args)> _feed;
    private readonly ITimer _statsTimer;
    private readonly Task _feedLoop;
    private readonly string[] _features;
    private readonly DateTimeOffset _processStart;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _newSessions = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Socket, string> _transports = new();

    public AdminUIServer(SocketIOServer io, AdminUIOptions options)
    {
        _io = io;
        _options = options;
        Logger = io.Services.GetService<ILoggerFactory>()?.CreateLogger("Switchboard.SocketIO.AdminUI") ?? NullLogger.Instance;
        _authenticator = new AdminAuthenticator(options, io.TimeProvider);
        _aggregator = new EventAggregator(io.Instrumentation.Metrics.Meter, io.TimeProvider);
        _feed = Channel.CreateBounded<(string, object?[])>(new BoundedChannelOptions(FeedCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
        _features = Features(options);
        using (var process = Process.GetCurrentProcess())
        {
            _processStart = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }

        Namespace = io.Of(options.Namespace);
        Namespace.Use(AuthenticateAsync);
        Namespace.OnConnection(OnAdminConnectedAsync);
        if (options.Mode == AdminUIMode.Development)
        {
            io.Instrumentation.Observer = this;
        }

        _feedLoop = RunFeedAsync();
        _statsTimer = io.TimeProvider.CreateTimer(static state => ((AdminUIServer)state!).QueueStats(), this, TimeSpan.Zero, options.StatsInterval);
        AdminUILog.Started(Logger, options.Namespace, options.ReadOnly, options.Mode, options.AllowAnonymous);
    }

    public Namespace Namespace { get; }

    internal ILogger Logger { get; }

    public void Dispose()
    {
        _statsTimer.Dispose();
        if (ReferenceEquals(_io.Instrumentation.Observer, this))
        {
            _io.Instrumentation.Observer = null;
        }

        _feed.Writer.TryComplete();
        _aggregator.Dispose();
    }

    private static string[] Features(AdminUIOptions options)
    {
        List<string> features = options.ReadOnly ? [] : ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"];
        features.Add("AGGREGATED_EVENTS");
        if (options.Mode == AdminUIMode.Development)
        {
            features.Add("ALL_EVENTS");
        }

        return [.. features];
    }

    private ValueTask AuthenticateAsync(Socket socket, CancellationToken cancellationToken)
    {
        if (!_authenticator.TryAuthenticate(socket.Handshake.Auth, out var session))
        {
            AdminUILog.LoginRefused(Logger, socket.Handshake.Address);
            throw new SocketConnectException("invalid credentials");
        }

        if (session is not null)
        {
            // Sent once connected (Node sends it from the middleware; the client sees it after the connect either way).
            _newSessions[socket.Id] = session;
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask OnAdminConnectedAsync(Socket socket)
    {
        if (_newSessions.TryRemove(socket.Id, out var session))
        {
            await socket.EmitAsync("session", session);
        }

        if (!_options.ReadOnly)
        {
            RegisterActions(socket);
        }

        await socket.EmitAsync("config", new { supportedFeatures = _features });
        if (_options.Mode == AdminUIMode.Development)
        {
            await socket.EmitAsync("all_sockets", await AllSocketsAsync(socket.Namespace.Server.Options.SerializerOptions));
        }

        await socket.EmitAsync("server_stats", Stats(aggregated: []));
    }

    private async Task<List<object>> AllSocketsAsync(System.Text.Json.JsonSerializerOptions json)
    {
        var all = new List<object>();
        foreach (var nsp in _io.AllNamespaces.ToArray())
        {
            foreach (var remote in await nsp.FetchSocketsAsync())
            {
                all.Add(AdminSnapshot.Remote(remote, json));
            }
        }

        return all;
    }

    private void QueueStats()
    {
        if (Namespace.Sockets.Count > 0)
        {
            Queue("server_stats", Stats(_aggregator.TakeAll()));
            if (_options.Mode == AdminUIMode.Development)
            {
                QueueTransportChanges();
            }
        }
        else
        {
            // Nobody watches: drop what was counted rather than send a burst to the next UI.
            _aggregator.TakeAll();
        }
    }

    private object Stats(List<object> aggregated)
    {
        var (clients, polling) = _io.Instrumentation.Metrics.CountSessions();
        return new
        {
            serverId = _options.ServerId ?? Environment.MachineName,
            hostname = Environment.MachineName,
            pid = Environment.ProcessId,
            uptime = (_io.TimeProvider.GetUtcNow() - _processStart).TotalSeconds,
            clientsCount = clients,
            pollingClientsCount = polling,
            aggregatedEvents = aggregated,
            namespaces = _io.AllNamespaces.Select(n => new { name = n.Name, socketsCount = n.Sockets.Count }).ToArray(),
        };
    }
}
