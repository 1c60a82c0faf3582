using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Switchboard.Server.Configuration;

/// <summary>
/// Open WebUI's duration strings (<c>JWT_EXPIRES_IN</c>): one or more <c>number unit</c> pairs with units
/// <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>, <c>w</c> (<c>4w</c>, <c>1h30m</c>, <c>1.5d</c>);
/// <c>-1</c> and <c>0</c> mean "no expiry".
/// </summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan? duration, [NotNullWhen(false)] out string? error)
    {
        duration = null;
        error = null;
        var s = (text ?? "").Trim();
        if (s is "-1" or "0")
        {
            return true;
        }

        if (s.Length == 0 || s.Length > 64)
        {
            error = "expected a duration such as 4w, 7d, 12h, 30m or -1";
            return false;
        }

        double totalMs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            if (s[i] == '-')
            {
                i++;
            }

            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                error = $"'{s}' is not a duration (expected e.g. 4w, 7d, 12h, 30m, -1)";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            double? unitMs = s[unitStart..i] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                "w" => 604_800_000,
                _ => null,
            };
            if (unitMs is null)
            {
                error = $"'{s}' has an unknown unit (ms, s, m, h, d, w)";
                return false;
            }

            totalMs += value * unitMs.Value;
        }

        if (totalMs <= 0 || totalMs > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            error = $"'{s}' must be positive (or -1 for no expiry)";
            return false;
        }

        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }
}
