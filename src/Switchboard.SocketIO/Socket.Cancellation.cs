namespace Switchboard.SocketIO;

// The token that fires when the socket leaves its namespace (SocketEvent.CancellationToken).
public sealed partial class Socket
{
    // Created on first use: most sockets never hand their token out. Once the socket left, it is the cancelled marker.
    private static readonly CancellationTokenSource s_left = CreateCancelled();
    private CancellationTokenSource? _disconnectCts;

    /// <summary>Fires when the socket leaves its namespace (client or server disconnect, or the connection closing).</summary>
    internal CancellationToken DisconnectToken
    {
        get
        {
            var cts = Volatile.Read(ref _disconnectCts);
            if (cts is null)
            {
                var created = new CancellationTokenSource();
                cts = Interlocked.CompareExchange(ref _disconnectCts, created, null) ?? created;
                if (!ReferenceEquals(cts, created))
                {
                    created.Dispose();
                }
            }

            return cts.Token;
        }
    }

    private void CancelDisconnectToken()
    {
        var cts = Interlocked.Exchange(ref _disconnectCts, s_left);
        if (cts is not null && !ReferenceEquals(cts, s_left))
        {
            // Not disposed: a handler may still register on the token it read.
            cts.Cancel();
        }
    }

    private static CancellationTokenSource CreateCancelled()
    {
        var cts = new CancellationTokenSource();
        cts.Cancel();
        return cts;
    }
}
