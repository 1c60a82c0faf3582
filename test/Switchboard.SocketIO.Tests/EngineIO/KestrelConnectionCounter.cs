using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>
/// Counts the TCP connections Kestrel holds open: a connection counts from accept until Kestrel is done with it
/// (its socket is then closed). Kestrel's own data-rate limits are off, so only the server's deadlines end a stuck
/// connection, as behind a host without them.
/// </summary>
internal sealed class KestrelConnectionCounter
{
    private int _open;
    private int _accepted;

    public int Open => Volatile.Read(ref _open);

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Listens on 127.0.0.1 (port 0) through the counter.</summary>
    /// <param name="builder">The host to configure.</param>
    /// <param name="limits">Adjusts Kestrel's limits.</param>
    /// <param name="sendBuffer">
    /// When set, the kernel send buffer of every accepted socket (inherited from the listening socket), instead of
    /// Linux's autotuning up to 4 MB: a client that stops reading then blocks the server's writes after a few kB.
    /// </param>
    public void Configure(WebApplicationBuilder builder, Action<KestrelServerOptions>? limits = null, int? sendBuffer = null)
    {
        if (sendBuffer is { } size)
        {
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = size;
                return socket;
            });
        }

        // The listener below replaces any URLs configured before (without Kestrel's warning about overriding them).
        builder.WebHost.UseUrls();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            limits?.Invoke(kestrel);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref _accepted);
                Interlocked.Increment(ref _open);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                }
            }));
        });
    }
}
