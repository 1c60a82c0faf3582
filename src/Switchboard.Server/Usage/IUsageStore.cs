namespace Switchboard.Server.Usage;

/// <summary>
/// Models in use (§3.7): one entry per (model, socket) that expires on its own a few seconds after the socket's last
/// <c>usage</c> report, so no shared blob is ever read, changed and written back (G9).
/// </summary>
public interface IUsageStore
{
    /// <summary>Records that socket <paramref name="socketId"/> is generating with <paramref name="model"/> now.</summary>
    Task ReportAsync(string model, string socketId, CancellationToken cancellationToken = default);

    /// <summary>Forgets every entry of a socket that left.</summary>
    Task RemoveSocketAsync(string socketId, CancellationToken cancellationToken = default);

    /// <summary>The models with at least one unexpired entry (<c>GET /api/usage</c> <c>model_ids</c>).</summary>
    Task<IReadOnlyList<string>> GetModelIdsAsync(CancellationToken cancellationToken = default);
}
