using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

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
    public void Configure(WebApplicationBuilder builder, Action<KestrelServerOptions>? limits = null)
    {
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
