using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.RedisInterop;

namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>One Switchboard server in this process: the interop host on a free loopback port, through the Redis adapter.</summary>
internal sealed class SwitchboardInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SwitchboardInstance(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public SocketIOServer Server => _app.Services.GetRequiredService<SocketIOServer>();

    public IServiceProvider Services => _app.Services;

    public RedisAdapterConnection Redis => _app.Services.GetRequiredService<RedisAdapterConnection>();

    /// <summary>
    /// Starts a server; <paramref name="dedicated"/> false subscribes through StackExchange.Redis instead of the adapter's
    /// own connection, <paramref name="publisher"/> true or false sets <see cref="RedisAdapterOptions.DedicatedPublisher"/>.
    /// </summary>
    public static async Task<SwitchboardInstance> StartAsync(string redisUrl, string prefix, bool sharded, bool dedicated = true, bool? publisher = null)
    {
        string[] args = ["--redis", redisUrl, "--prefix", prefix, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning",
            "--dedicated-subscriber", dedicated ? "true" : "false"];
        if (publisher is { } p)
        {
            args = [.. args, "--dedicated-publisher", p ? "true" : "false"];
        }

        var app = RedisInteropHost.Create(sharded ? [.. args, "--sharded"] : args);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var instance = new SwitchboardInstance(app, address);
        // The adapter of "/" subscribes when the server is first resolved; wait until it has.
        _ = instance.Server;
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
