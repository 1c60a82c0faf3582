using System.Text.Json;

namespace Switchboard.SocketIO.AdminUI;

// The UI's actions (ClientEvents in @socket.io/admin-ui): emit, join, leave and disconnect, each on the sockets of a
// namespace, optionally only those in a room (a socket id is a room, so the UI targets one socket that way).
internal sealed partial class AdminUIServer
{
    private void RegisterActions(Socket admin)
    {
        // emit (nsp, filter, event, ...args)
        admin.On("emit", e => WithTarget(e, "emit", target =>
        {
            var args = new object?[Math.Max(0, e.Args.Count - 3)];
            for (var i = 0; i < args.Length; i++)
            {
                args[i] = e.Args[i + 3].Clone();
            }

            return target.EmitAsync(e.Args.Get<string>(2) ?? throw new JsonException("no event name"), args).AsTask();
        }));

        // join (nsp, room, filter)
        admin.On("join", e => WithTarget(e, "join", target => target.SocketsJoinAsync(RoomArgument(e))));

        // leave (nsp, room, filter)
        admin.On("leave", e => WithTarget(e, "leave", target => target.SocketsLeaveAsync(RoomArgument(e))));

        // _disconnect (nsp, close, filter)
        admin.On("_disconnect", e => WithTarget(e, "_disconnect", target => target.DisconnectSocketsAsync(e.Args.Count > 1 && e.Args[1].ValueKind == JsonValueKind.True)));
    }

    private static string RoomArgument(SocketEvent e) =>
        e.Args.Count > 1 && e.Args[1].ValueKind == JsonValueKind.String ? e.Args[1].GetString()! : throw new JsonException("no room");

    /// <summary>
    /// Resolves the namespace (an existing one only: the UI must not create namespaces) and the room filter of an
    /// action, runs it, and logs it. Bad arguments are logged and ignored, as the UI expects no answer.
    /// </summary>
    private async ValueTask WithTarget(SocketEvent e, string action, Func<BroadcastOperator, Task> run)
    {
        try
        {
            var nspName = e.Args.Count > 0 && e.Args[0].ValueKind == JsonValueKind.String ? e.Args[0].GetString()! : throw new JsonException("no namespace");
            var filterIndex = action == "emit" ? 1 : 2;
            var filter = e.Args.Count > filterIndex && e.Args[filterIndex].ValueKind == JsonValueKind.String ? e.Args[filterIndex].GetString() : null;
            if (!_io.TryGetNamespace(nspName, out var nsp))
            {
                AdminUILog.ActionIgnored(Logger, action, e.Socket.Id, $"no namespace '{nspName}'");
                return;
            }

            await run(string.IsNullOrEmpty(filter) ? new BroadcastOperator(nsp) : nsp.In(filter));
            AdminUILog.ActionDone(Logger, action, e.Socket.Id, nspName, filter);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            AdminUILog.ActionIgnored(Logger, action, e.Socket.Id, ex.Message);
        }
    }
}
