namespace Switchboard.SocketIO;

/// <summary>
/// The connect middleware and connection handlers of a <see cref="Namespace"/> or a <see cref="DynamicNamespace"/>.
/// Registration replaces the arrays, so a join reads them without a lock.
/// </summary>
internal sealed class ConnectHooks
{
    public Func<Socket, CancellationToken, ValueTask>[] Middleware { get; private set; } = [];

    public Func<Socket, ValueTask>[] Connection { get; private set; } = [];

    public void Use(Func<Socket, CancellationToken, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        Middleware = [.. Middleware, middleware];
    }

    public void OnConnection(Func<Socket, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Connection = [.. Connection, handler];
    }

    public void OnConnection(Action<Socket> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        OnConnection(socket =>
        {
            handler(socket);
            return ValueTask.CompletedTask;
        });
    }
}
