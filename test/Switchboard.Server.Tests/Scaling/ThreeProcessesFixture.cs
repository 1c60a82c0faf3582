using System.Globalization;
using Switchboard.Server.Tests.Completions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Three Switchboard.Server processes A, B and C on one redis-server and one database (<see cref="ProcessCluster"/>),
/// with the fake upstream as their OpenAI endpoint and the <c>echo</c> model unpaced, shared by the tests of a class
/// (each test uses fresh users), at most <see cref="MaxTasksPerUser"/> running replies per user. Every delta is its own batch (<c>DeltaBatchCharacters</c> 1), so a reply of N words
/// is N <c>chat:completion:delta</c> events with seq 1..N.
/// </summary>
public sealed class ThreeProcessesFixture : IAsyncLifetime
{
    /// <summary>The per-user limit of running replies the instances run with (each test's users stream one at a time).</summary>
    public const int MaxTasksPerUser = 2;

    private ProcessCluster? _cluster;
    private FakeOpenAI? _upstream;
    private Task<ServerHost>? _embedded;

    internal ProcessCluster Cluster => _cluster ?? throw new InvalidOperationException("not started (is SWITCHBOARD_TEST_REDIS_SERVER set?)");

    public FakeOpenAI Upstream => _upstream ?? throw new InvalidOperationException("not started");

    internal ServerProcess A => Cluster.Instances[0];

    internal ServerProcess B => Cluster.Instances[1];

    internal ServerProcess C => Cluster.Instances[2];

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER")) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // the tests are skipped (RedisModeFact)
        }

        _upstream = await FakeOpenAI.StartAsync();
        _cluster = await ProcessCluster.StartAsync(3, environment: new Dictionary<string, string>
        {
            ["OPENAI_API_BASE_URLS"] = _upstream.BaseUrl,
            ["OPENAI_API_KEYS"] = CompletionServer.ApiKey,
            ["Switchboard__Completions__EchoWordDelay"] = "00:00:00",
            ["Switchboard__Completions__DeltaBatchCharacters"] = "1",
            ["Switchboard__Completions__MaxTasksPerUser"] = MaxTasksPerUser.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// A fourth instance in this process, joined to the same Redis and database, for what no HTTP endpoint or socket
    /// event reaches: the server's own API (<c>IChatEventCaller</c>, which Open WebUI's tools and code execution call).
    /// Started by the first test that asks.
    /// </summary>
    internal Task<ServerHost> EmbeddedAsync()
    {
        lock (this)
        {
            return _embedded ??= ServerHost.StartAsync(Cluster.Database, new Dictionary<string, string?>
            {
                ["WEBSOCKET_MANAGER"] = "redis",
                ["WEBSOCKET_REDIS_URL"] = Cluster.Redis.Url,
                ["REDIS_KEY_PREFIX"] = Cluster.Prefix,
                ["Switchboard:SessionPoolTimeout"] = Cluster.Settings.SessionPoolTimeout.ToString("c", CultureInfo.InvariantCulture),
            });
        }
    }

    public async Task DisposeAsync()
    {
        if (_embedded is not null)
        {
            await (await _embedded).DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }
}
