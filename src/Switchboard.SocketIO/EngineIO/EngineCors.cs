using Microsoft.AspNetCore.Http;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// Origin allow-list and CORS headers (socketio-wire.md §3.9). Applied to every Engine.IO response, errors included.
/// </summary>
internal sealed class EngineCors
{
    private readonly HashSet<string> _origins;
    private readonly bool _anyOrigin;
    private readonly bool _credentials;

    public EngineCors(EngineIOOptions options)
    {
        _anyOrigin = options.AllowedOrigins.Contains("*");
        _origins = new HashSet<string>(options.AllowedOrigins.Where(o => o != "*").Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _credentials = options.AllowCredentials;
    }

    /// <summary>
    /// The outcomes of the origin check:
    /// no <c>Origin</c> header (not a browser, or a same-origin GET): allowed, no CORS headers;
    /// same origin as the request: allowed, no CORS headers needed;
    /// a listed origin, or any origin with <c>*</c>: allowed, CORS headers added;
    /// anything else: refused (403 Forbidden) without CORS headers, so the browser also blocks it.
    /// </summary>
    public bool CheckAndApply(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSameOrigin(context.Request, origin))
        {
            return true;
        }

        if (!_anyOrigin && !_origins.Contains(origin))
        {
            return false;
        }

        var headers = context.Response.Headers;
        if (_anyOrigin && !_credentials)
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else
        {
            headers.AccessControlAllowOrigin = origin;
            headers.Append("Vary", "Origin");
        }

        if (_credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        return true;
    }

    /// <summary>A CORS preflight: <c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.Origin.Count > 0
        && request.Headers.AccessControlRequestMethod.Count > 0;

    /// <summary>Answers an allowed preflight: 204 with the methods Engine.IO uses and the requested headers echoed.</summary>
    public static void WritePreflight(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        response.Headers.AccessControlAllowMethods = "GET,POST,OPTIONS";
        var requested = context.Request.Headers.AccessControlRequestHeaders;
        if (requested.Count > 0)
        {
            response.Headers.AccessControlAllowHeaders = requested;
            response.Headers.Append("Vary", "Access-Control-Request-Headers");
        }

        response.ContentLength = 0;
    }

    /// <summary>An origin must be a valid header value (Node refuses others with code 3, socketio-wire.md §3.1).</summary>
    public static bool HasInvalidOriginCharacters(HttpRequest request)
    {
        foreach (var c in request.Headers.Origin.ToString())
        {
            if (c != '\t' && (c < ' ' || c == '\x7f' || c > '\xff'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSameOrigin(HttpRequest request, string origin)
    {
        var expected = request.Scheme + "://" + request.Host.Value;
        if (string.Equals(origin, expected, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Behind a TLS-terminating proxy the request scheme is http while the browser's Origin says https,
        // so the same host and port under either web scheme counts as the same origin.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && (uri.Scheme is "http" or "https");
    }
}
