using System.Net;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>Where and how the dedicated subscription connection connects (from the adapter's configuration).</summary>
/// <param name="EndPoint">The one Redis server.</param>
/// <param name="User">ACL user (AUTH user password), or <see langword="null"/>.</param>
/// <param name="Password">Password (AUTH), or <see langword="null"/>; never logged.</param>
/// <param name="ClientName">CLIENT SETNAME.</param>
/// <param name="ConnectTimeout">Connecting and the handshake together.</param>
/// <param name="MaxMessageLength">The longest message accepted (longer ones end the connection, which is then re-established).</param>
internal sealed record DedicatedSubscriberSettings(EndPoint EndPoint, string? User, string? Password, string ClientName, TimeSpan ConnectTimeout, long MaxMessageLength)
{
    /// <summary>The first reconnect delay; it doubles up to <see cref="LastRetry"/> and starts again after a success.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan LastRetry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The endpoint for logs (no credentials).</summary>
    public string Describe() => EndPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => EndPoint.ToString() ?? "?",
    };
}
