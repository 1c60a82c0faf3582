using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using StackExchange.Redis;
using Switchboard.Server.Configuration;

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

    private static bool TryReadUrl(string text, SwitchboardOptions settings, [NotNullWhen(true)] out ConfigurationOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "not a redis:// URL with a host";
            return false;
        }

        var result = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (password is null)
            {
                result.Password = user;
            }
            else
            {
                result.User = user.Length == 0 ? null : user;
                result.Password = password;
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db) || db > 15_999)
            {
                error = "the path of a redis:// URL is a database number";
                return false;
            }

            result.DefaultDatabase = db;
        }

        if (settings.RedisSentinelHosts is { Length: > 0 } sentinels)
        {
            result.ServiceName = uri.Host;
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
        else
        {
            result.EndPoints.Add(uri.Host, uri.IsDefaultPort ? 6379 : uri.Port);
        }

        options = result;
        error = null;
        return true;
    }
}
