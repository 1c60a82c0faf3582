using System.Globalization;
using System.Text.RegularExpressions;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>Reads Prometheus text exposition: the sum of the samples of one metric whose labels include the ones given.</summary>
internal static partial class PrometheusText
{
    public static double? Sum(string text, string metric, params (string Label, string Value)[] labels)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success || match.Groups["name"].Value != metric)
            {
                continue;
            }

            var found = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(l => found.TryGetValue(l.Label, out var v) && v == l.Value))
            {
                sum = (sum ?? 0) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?\s*$")]
    private static partial Regex Sample();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"?""")]
    private static partial Regex Label();
}
