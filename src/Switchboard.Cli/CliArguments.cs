namespace Switchboard.Cli;

/// <summary>
/// The arguments after a command's name: positional inputs and options (<c>-o OUT</c> / <c>--output OUT</c>;
/// <c>-</c> means stdin or stdout).
/// </summary>
public sealed class CliArguments
{
    private CliArguments(IReadOnlyList<string> positional, string? output)
    {
        Positional = positional;
        Output = output;
    }

    /// <summary>Positional arguments in order.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>The <c>-o</c> value, or null when not given.</summary>
    public string? Output { get; }

    /// <summary>Parses; throws <see cref="CliUsageException"/> for an unknown option or a missing value.</summary>
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = new List<string>();
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-o" or "--output")
            {
                if (i + 1 >= args.Count)
                {
                    throw new CliUsageException($"{arg} needs a file name (or - for stdout).");
                }

                output = args[++i];
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                throw new CliUsageException($"unknown option {arg}.");
            }
            else
            {
                positional.Add(arg);
            }
        }

        return new CliArguments(positional, output);
    }
}
