using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO;

/// <summary>
/// A scope on the current thread in which what is sent to WebSocket clients (emits, broadcasts) is written by this
/// thread when the scope ends, one write per client, instead of each send waking that client's send loop (a
/// thread-pool hop per recipient). For code that emits to many clients from a thread of its own, such as a timer tick
/// that releases many streams at once; a Socket.IO receive loop already does the same around its handlers.
/// </summary>
/// <remarks>
/// <para>
/// Open it around code that runs synchronously and let <c>using</c> end it on the same thread: it is a
/// <see langword="ref"/> struct, so it cannot span an <see langword="await"/>. Code inside may start asynchronous work;
/// what that work sends after its first incomplete await runs elsewhere and wakes send loops as usual.
/// </para>
/// <para>
/// A scope opened while another one (or a receive loop's handler batch) is open on the thread does nothing: the
/// outermost writes. At most 256 clients are gathered; sends to further clients wake their send loops as usual.
/// Sends to clients on HTTP long-polling are unaffected.
/// </para>
/// </remarks>
public ref struct DeliveryScope : IDisposable
{
    private bool _owner;

    private DeliveryScope(bool owner) => _owner = owner;

    /// <summary>Opens a scope on the current thread (or joins the one already open there).</summary>
    public static DeliveryScope Open()
    {
        if (DeferredFlushes.IsActive)
        {
            return new DeliveryScope(owner: false);
        }

        DeferredFlushes.Enter();
        return new DeliveryScope(owner: true);
    }

    /// <summary>Ends the scope: writes what it gathered, on this thread, when this scope opened the batch.</summary>
    public void Dispose()
    {
        if (!_owner)
        {
            return;
        }

        _owner = false;
        DeferredFlushes.Exit();
        DeferredFlushes.FlushAll();
    }
}
