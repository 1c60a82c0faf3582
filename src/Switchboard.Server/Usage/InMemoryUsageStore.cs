using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Usage;

/// <summary>
/// The one-instance <see cref="IUsageStore"/>: an expiry time per (model, socket) key, and per socket the models it
/// reported, so a disconnect removes only its own keys. Expired keys are ignored when read and swept by
/// <see cref="UsageSweeper"/>.
/// </summary>
internal sealed class InMemoryUsageStore(TimeProvider time, IOptions<SwitchboardOptions> options) : IUsageStore, ISocketCleanup
{
    private readonly ConcurrentDictionary<(string Model, string Socket), long> _expiry = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySocket = new(StringComparer.Ordinal);

    public Task ReportAsync(string model, string socketId, CancellationToken cancellationToken = default)
    {
        _expiry[(model, socketId)] = time.Milliseconds() + (long)options.Value.UsageExpiry.TotalMilliseconds;
        _bySocket.GetOrAdd(socketId, _ => new(StringComparer.Ordinal))[model] = 0;
        return Task.CompletedTask;
    }

    public Task RemoveSocketAsync(string socketId, CancellationToken cancellationToken = default)
    {
        if (_bySocket.TryRemove(socketId, out var models))
        {
            foreach (var model in models.Keys)
            {
                _expiry.TryRemove((model, socketId), out _);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetModelIdsAsync(CancellationToken cancellationToken = default)
    {
        var now = time.Milliseconds();
        IReadOnlyList<string> models = [.. _expiry.Where(e => e.Value > now).Select(e => e.Key.Model).Distinct().Order(StringComparer.Ordinal)];
        return Task.FromResult(models);
    }

    /// <summary>Drops expired keys (and sockets left without any).</summary>
    public void Sweep()
    {
        var now = time.Milliseconds();
        foreach (var (key, expiresAt) in _expiry)
        {
            if (expiresAt <= now && _expiry.TryRemove(new KeyValuePair<(string, string), long>(key, expiresAt)) &&
                _bySocket.TryGetValue(key.Socket, out var models))
            {
                models.TryRemove(key.Model, out _);
            }
        }
    }

    /// <summary>How many (model, socket) keys are held, expired or not (for tests).</summary>
    internal int Count => _expiry.Count;

    Task ISocketCleanup.OnDisconnectAsync(SocketSession session, string[] documents) => RemoveSocketAsync(session.Id);
}
