namespace Switchboard.Server.Scaling;

/// <summary>
/// The Redis calls behind a lease (a lock with an expiry): the seam tests fail on purpose to show that
/// <see cref="LeasedLoop"/> survives errors at acquire and renew.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>Takes the lease when nobody holds it (<c>SET NX PX</c>).</summary>
    Task<bool> TryAcquireAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends the lease while <paramref name="owner"/> still holds it; false when it was lost.</summary>
    Task<bool> RenewAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it.</summary>
    Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken);
}
