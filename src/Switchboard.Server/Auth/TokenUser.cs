using Switchboard.Server.Storage;

namespace Switchboard.Server.Auth;

/// <summary>
/// The fields of a <c>user</c> row a token check needs, read by one plain statement: every request re-validates its
/// token, and a pooled EF context with a compiled query cost several times the lookup itself.
/// </summary>
internal sealed record TokenUser(string Id, string? Name, string? Role, string? Email)
{
    /// <summary>The user <paramref name="id"/>, or null when there is none.</summary>
    public static async Task<TokenUser?> FindAsync(DbConnections connections, string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = DbConnections.Command(connection, "SELECT id, name, role, email FROM \"user\" WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TokenUser(
            reader.GetString(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }
}
