using StackExchange.Redis;
using Switchboard.Server.Scaling;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>Leases in memory with expiry on a (fake) clock, and Redis errors on demand for each call.</summary>
internal sealed class FakeLeaseStore(TimeProvider time) : ILeaseStore
{
    private readonly Dictionary<string, (string Owner, DateTimeOffset Until)> _leases = [];

    public int FailAcquire { get; set; }

    /// <summary>An error as StackExchange.Redis raises it when Redis fails a command.</summary>
    public static RedisException Injected(string what)
    {
#pragma warning disable CS0618 // The plain constructor is enough for an injected error.
        return new RedisServerException(what);
#pragma warning restore CS0618
    }

    public int FailRenew { get; set; }

    public string? Holder(string key)
    {
        lock (_leases)
        {
            return _leases.TryGetValue(key, out var lease) && lease.Until > time.GetUtcNow() ? lease.Owner : null;
        }
    }

    public Task<bool> TryAcquireAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (FailAcquire > 0)
        {
            FailAcquire--;
            throw FakeLeaseStore.Injected("injected: acquire");
        }

        lock (_leases)
        {
            if (Holder(key) is not null)
            {
                return Task.FromResult(false);
            }

            _leases[key] = (owner, time.GetUtcNow() + lease);
            return Task.FromResult(true);
        }
    }

    public Task<bool> RenewAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (FailRenew > 0)
        {
            FailRenew--;
            throw new TimeoutException("injected: renew");
        }

        lock (_leases)
        {
            if (Holder(key) != owner)
            {
                return Task.FromResult(false);
            }

            _leases[key] = (owner, time.GetUtcNow() + lease);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        lock (_leases)
        {
            if (Holder(key) == owner)
            {
                _leases.Remove(key);
            }
        }

        return Task.CompletedTask;
    }
}
