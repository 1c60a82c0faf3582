using System.Diagnostics.CodeAnalysis;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.SocketIO.Redis;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Turns Open WebUI's Redis settings (§9: <c>WEBSOCKET_REDIS_URL</c>, <c>WEBSOCKET_SENTINEL_HOSTS</c>/<c>_PORT</c>,
/// <c>WEBSOCKET_REDIS_CLUSTER</c>) into StackExchange.Redis options. Pure: no connection is made.
/// </summary>
internal static class RedisEndpoint
{
    /// <summary>
    /// Reads <c>redis://[[user]:password@]host[:port][/db]</c> (<c>rediss://</c> for TLS) or a StackExchange.Redis
    /// configuration string. With sentinel hosts, the URL's host is the sentinel service name and the endpoints are the
    /// sentinels (Open WebUI builds <c>redis+sentinel://h1:port,h2:port/db/service</c> the same way). A cluster needs no
    /// setting of its own: the client discovers it; the flag is accepted for Open WebUI's sake. The server's own
    /// settings come on top: no abort on a failed first connect (it keeps retrying), commands fail fast while
    /// disconnected (callers are never held up by an outage), reconnect with exponential back-off.
    /// </summary>
    public static bool TryCreate(SwitchboardOptions settings, [NotNullWhen(true)] out ConfigurationOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        var text = settings.RedisUrl?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "no Redis URL";
            return false;
        }

        try
        {
            if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryReadUrl(text, settings, out options, out error))
                {
                    return false;
                }
            }
            else
            {
                options = ConfigurationOptions.Parse(text);
                if (options.EndPoints.Count == 0)
                {
                    error = "no endpoint";
                    options = null;
                    return false;
                }
            }
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            options = null;
            return false;
        }

        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        options.ConnectTimeout = 5000;
        options.ClientName ??= "switchboard";
        error = null;
        return true;
    }

    // The URL as the Socket.IO adapter reads it (RedisConfiguration: TLS, credentials, database), then Open WebUI's
    // extras: a database number Redis accepts, and with sentinel hosts the URL's host as the service name.
    private static bool TryReadUrl(string text, SwitchboardOptions settings, [NotNullWhen(true)] out ConfigurationOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (!RedisConfiguration.TryReadUrl(text, out var result, out error))
        {
            return false;
        }

        if (result.DefaultDatabase > 15_999)
        {
            error = "the path of a redis:// URL is a database number";
            return false;
        }

        if (settings.RedisSentinelHosts is { Length: > 0 } sentinels)
        {
            result.ServiceName = new Uri(text).Host;
            result.EndPoints.Clear();
            foreach (var host in sentinels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                result.EndPoints.Add(host, settings.RedisSentinelPort);
            }

            if (result.EndPoints.Count == 0)
            {
                error = "WEBSOCKET_SENTINEL_HOSTS names no host";
                return false;
            }
        }

        options = result;
        error = null;
        return true;
    }
}
