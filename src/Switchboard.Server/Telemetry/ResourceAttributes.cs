using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Reads <c>OTEL_RESOURCE_ATTRIBUTES</c>: <c>key1=value1,key2=value2</c>, values percent-encoded (OpenTelemetry's
/// SDK environment specification, the W3C baggage form). Blank entries are skipped.
/// </summary>
internal static class ResourceAttributes
{
    /// <summary>Adds the pairs of <paramref name="text"/> to <paramref name="into"/>; false with the reason when an entry is not <c>key=value</c>.</summary>
    public static bool TryParse(string text, IDictionary<string, string> into, [NotNullWhen(false)] out string? error)
    {
        foreach (var entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? entry[..equals].Trim() : "";
            if (key.Length == 0)
            {
                error = $"'{entry}' is not key=value";
                return false;
            }

            try
            {
                into[key] = Uri.UnescapeDataString(entry[(equals + 1)..].Trim());
            }
            catch (UriFormatException)
            {
                error = $"the value of '{key}' is not percent-encoded text";
                return false;
            }
        }

        error = null;
        return true;
    }
}
