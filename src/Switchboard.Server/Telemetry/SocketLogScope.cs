using System.Collections;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The log scope of everything logged while the server handles one socket's connect, events and disconnect: its
/// socket id and, once signed in, its user id (structured, so OpenTelemetry and JSON consoles carry them as fields).
/// Never a token: a scope is built from ids only.
/// </summary>
internal sealed class SocketLogScope(string socketId, string? userId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string SocketIdKey = "SocketId";
    public const string UserIdKey = "UserId";

    public string SocketId { get; } = socketId;

    public string? UserId { get; } = userId;

    public int Count => UserId is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(SocketIdKey, SocketId),
        1 when UserId is not null => new(UserIdKey, UserId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Opens the scope on <paramref name="logger"/> (scopes are shared by every logger of the factory).</summary>
    public static IDisposable? Begin(ILogger logger, string socketId, string? userId) => logger.BeginScope(new SocketLogScope(socketId, userId));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => UserId is null ? $"SocketId:{SocketId}" : $"SocketId:{SocketId} UserId:{UserId}";
}
