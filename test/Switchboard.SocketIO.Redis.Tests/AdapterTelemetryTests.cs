using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.SocketIO.Redis.Tests;

public sealed class AdapterTelemetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Broadcast_TwoInstances_PublishOnOneReceiveOnTheOther(bool sharded)
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var a = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        await using var b = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        using var aCounts = new AdapterCounts(a.Services.GetRequiredService<IMeterFactory>());
        using var bCounts = new AdapterCounts(b.Services.GetRequiredService<IMeterFactory>());
        await Eventually.TrueAsync(async () => await a.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None) == 2, "both servers subscribed");

        await a.Server.EmitAsync("hello").AsTask().WaitAsync(Timeout);

        await Eventually.TrueAsync(() => bCounts.Get("socketio.server.adapter.receives", "broadcast") >= 1, "b received the broadcast");
        Assert.True(aCounts.Get("socketio.server.adapter.publishes", "broadcast") >= 1);
        Assert.Equal(0, aCounts.Get("socketio.server.adapter.drops", null) + bCounts.Get("socketio.server.adapter.drops", null));
    }

    /// <summary>The adapter counters of one instance (its meter factory), by instrument, and by message type (null: all).</summary>
    private sealed class AdapterCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string, string?), long> _counts = new();

        public AdapterCounts(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name.StartsWith("socketio.server.adapter.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? type = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "socketio.adapter.message.type")
                    {
                        type = tag.Value as string;
                    }
                }

                _counts.AddOrUpdate((instrument.Name, null), value, (_, total) => total + value);
                if (type is not null)
                {
                    _counts.AddOrUpdate((instrument.Name, type), value, (_, total) => total + value);
                }
            });
            _listener.Start();
        }

        public long Get(string instrument, string? type) => _counts.GetValueOrDefault((instrument, type));

        public void Dispose() => _listener.Dispose();
    }
}
