namespace Switchboard.Cli;

/// <summary>
/// The arguments after a command's name: positional inputs and options (<c>-o OUT</c> / <c>--output OUT</c>;
/// <c>-</c> means stdin or stdout; <c>--as NAME=KIND</c>, repeatable, for commands that read root types).
/// </summary>
public sealed class CliArguments
{
    private CliArguments(IReadOnlyList<string> positional, string? output, IReadOnlyList<string> rootKinds)
    {
        Positional = positional;
        Output = output;
        RootKinds = rootKinds;
    }

    /// <summary>Positional arguments in order.</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>The <c>-o</c> value, or null when not given.</summary>
    public string? Output { get; }

    /// <summary>The values of every <c>--as</c> option, in order (each <c>NAME=KIND</c>).</summary>
    public IReadOnlyList<string> RootKinds { get; }

    /// <summary>Parses; throws <see cref="CliUsageException"/> for an unknown option or a missing value.</summary>
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positional = new List<string>();
        string? output = null;
        var rootKinds = new List<string>();
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
            else if (arg == "--as")
            {
                if (i + 1 >= args.Count)
                {
                    throw new CliUsageException("--as needs NAME=KIND (KIND is text, map, array or xml).");
                }

                rootKinds.Add(args[++i]);
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

        return new CliArguments(positional, output, rootKinds);
    }
}
