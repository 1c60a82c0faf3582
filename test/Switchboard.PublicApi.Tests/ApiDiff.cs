using System.Text;

namespace Switchboard.PublicApi.Tests;

/// <summary>A line diff of two API texts: the changed lines with two lines of context, like <c>diff -u</c> without headers.</summary>
internal static class ApiDiff
{
    private const int Context = 2;

    public static string Describe(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var ops = Lines(a, b);

        var output = new StringBuilder();
        var lastPrinted = -1;
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Kind == ' ')
            {
                continue;
            }

            // Context before this change, skipping what is already printed.
            var from = Math.Max(lastPrinted + 1, i - Context);
            if (from > lastPrinted + 1 && lastPrinted >= 0)
            {
                output.Append("...\n");
            }

            // Name the type the change is in (as diff -p names the function).
            if (EnclosingType(ops, from) is { } type)
            {
                output.Append("@@ ").Append(type.Trim()).Append('\n');
            }

            for (var j = from; j < i; j++)
            {
                output.Append("  ").Append(ops[j].Text).Append('\n');
            }

            // The change and the context after it.
            var end = i;
            while (end < ops.Count && (ops[end].Kind != ' ' || NextChangeWithin(ops, end)))
            {
                end++;
            }

            end = Math.Min(ops.Count, end + Context);
            for (var j = i; j < end; j++)
            {
                output.Append(ops[j].Kind).Append(' ').Append(ops[j].Text).Append('\n');
            }

            lastPrinted = end - 1;
            i = end - 1;
        }

        return output.ToString();
    }

    // The nearest type declaration above a line: PublicApiGenerator indents types by four spaces and members by eight.
    private static string? EnclosingType(List<(char Kind, string Text)> ops, int index)
    {
        for (var j = index; j >= 0; j--)
        {
            var text = ops[j].Text;
            if (ops[j].Kind != '+' && text.StartsWith("    ", StringComparison.Ordinal) && !text.StartsWith("     ", StringComparison.Ordinal)
                && text.Trim() is not ("{" or "}"))
            {
                return text;
            }
        }

        return null;
    }

    private static bool NextChangeWithin(List<(char Kind, string Text)> ops, int index)
    {
        for (var j = index; j < ops.Count && j <= index + 2 * Context; j++)
        {
            if (ops[j].Kind != ' ')
            {
                return true;
            }
        }

        return false;
    }

    // Longest common subsequence over the lines between the common prefix and suffix.
    private static List<(char Kind, string Text)> Lines(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char, string)>(a.Length + b.Length);
        for (var k = 0; k < prefix; k++)
        {
            ops.Add((' ', a[k]));
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                ops.Add((' ', a[prefix + x]));
                x++;
                y++;
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                ops.Add(('-', a[prefix + x]));
                x++;
            }
            else
            {
                ops.Add(('+', b[prefix + y]));
                y++;
            }
        }

        for (var k = a.Length - suffix; k < a.Length; k++)
        {
            ops.Add((' ', a[k]));
        }

        return ops;
    }
}
