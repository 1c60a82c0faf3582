namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// Decides whether a link or image address from a document may be rendered. Allowed: <c>http</c>, <c>https</c>,
/// <c>mailto</c>, <c>tel</c> and relative addresses. Everything else (<c>javascript:</c>, <c>data:</c>,
/// <c>vbscript:</c>, ...) is refused, after removing the whitespace and control characters browsers ignore
/// inside a scheme (<c>"java\tscript:"</c>).
/// </summary>
internal static class SafeUrl
{
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        Span<char> buffer = url.Length <= 256 ? stackalloc char[url.Length] : new char[url.Length];
        var n = 0;
        foreach (var ch in url)
        {
            if (ch > ' ' && ch != '\u007f')
            {
                buffer[n++] = char.ToLowerInvariant(ch);
            }
        }

        var cleaned = buffer[..n];
        var colon = cleaned.IndexOf(':');
        if (colon < 0)
        {
            return true;
        }

        // A colon after '/', '?' or '#' is part of a relative path, query or fragment, not a scheme.
        var firstDelimiter = cleaned.IndexOfAny('/', '?', '#');
        if (firstDelimiter >= 0 && firstDelimiter < colon)
        {
            return true;
        }

        var scheme = cleaned[..colon];
        return scheme is "http" or "https" or "mailto" or "tel";
    }
}
