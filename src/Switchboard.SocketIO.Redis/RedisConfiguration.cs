using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using StackExchange.Redis;
using Switchboard.SocketIO.Redis.Subscriptions;

namespace Switchboard.SocketIO.Redis;

/// <summary>Turns <see cref="RedisAdapterOptions.Configuration"/> into StackExchange.Redis options.</summary>
internal static class RedisConfiguration
{
    // Redis's own limit on a bulk string (proto-max-bulk-len): a longer message cannot come from Redis.
    private const long MaxMessageLength = 512L * 1024 * 1024;

    /// <summary>
    /// Reads <c>redis://[[user]:password@]host[:port][/db]</c> (<c>rediss://</c> for TLS) or a StackExchange.Redis
    /// configuration string. The adapter's own settings come on top: no abort on a failed first connect (it keeps
    /// retrying), fail-fast commands while disconnected, exponential reconnect back-off.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ConfigurationOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        error = null;
        try
        {
            if (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
            {
                if (!TryReadUrl(text, out options, out error))
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
        options.ClientName ??= "switchboard-socketio";
        return true;
    }

    /// <summary>
    /// The dedicated subscription connection's settings when <paramref name="options"/> name one Redis server over plain
    /// TCP (no sentinel, no TLS, no tunnel); <see langword="false"/> otherwise (StackExchange.Redis subscribes then).
    /// </summary>
    public static bool TryGetDedicatedSubscriber(ConfigurationOptions options, [NotNullWhen(true)] out DedicatedSubscriberSettings? settings)
    {
        settings = null;
        if (options.EndPoints.Count != 1 || options.ServiceName is not null || options.Ssl || options.Tunnel is not null)
        {
            return false;
        }

        settings = new DedicatedSubscriberSettings(
            DedicatedSubscriber.WithDefaultPort(options.EndPoints[0]),
            options.User,
            options.Password,
            options.ClientName ?? "switchboard-socketio",
            TimeSpan.FromMilliseconds(options.ConnectTimeout),
            MaxMessageLength);
        return true;
    }

    /// <summary>
    /// Reads <c>redis://[[user]:password@]host[:port][/db]</c> (<c>rediss://</c> for TLS) into options with that one
    /// endpoint, TLS, credentials and database, and nothing else (the callers add their own settings).
    /// </summary>
    internal static bool TryReadUrl(string text, [NotNullWhen(true)] out ConfigurationOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "not a redis:// URL with a host";
            return false;
        }

        options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (password is null)
            {
                options.Password = user;
            }
            else
            {
                options.User = user.Length == 0 ? null : user;
                options.Password = password;
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
            {
                error = "the path of a redis:// URL is a database number";
                return false;
            }

            options.DefaultDatabase = db;
        }

        error = null;
        return true;
    }
}
