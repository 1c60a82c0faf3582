using Switchboard.Yjs;

namespace Switchboard.Cli;

/// <summary>Dispatches the command line to the command whose name matches its first words.</summary>
public static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input data or an I/O error.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for wrong usage.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the matching command; errors go to <see cref="CliConsole.Error"/> with a non-zero exit code.</summary>
    public static int Run(IReadOnlyList<ICliCommand> commands, IReadOnlyList<string> args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var command = commands
            .Where(c => Matches(c.Name, args))
            .OrderByDescending(c => c.Name.Length)
            .FirstOrDefault();
        if (command is null)
        {
            if (args.Count > 0 && args[0] is "-h" or "--help" or "help")
            {
                // Asked-for help goes to stdout; usage after a mistake goes to stderr.
                using var output = new StreamWriter(console.Out, leaveOpen: true);
                PrintUsage(commands, output);
                return Success;
            }

            if (args.Count > 0)
            {
                console.Error.WriteLine($"switchboard: unknown command '{string.Join(' ', args)}'.");
            }

            PrintUsage(commands, console.Error);
            return UsageError;
        }

        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        try
        {
            return command.Run(CliArguments.Parse(rest), console);
        }
        catch (CliUsageException e)
        {
            console.Error.WriteLine($"switchboard {command.Name}: {e.Message}");
            console.Error.WriteLine($"usage: switchboard {command.Name} {command.Usage}");
            return UsageError;
        }
        catch (YjsFormatException e)
        {
            console.Error.WriteLine($"switchboard {command.Name}: invalid data: {e.Message}");
            return Failure;
        }
        catch (IOException e)
        {
            console.Error.WriteLine($"switchboard {command.Name}: {e.Message}");
            return Failure;
        }
        catch (UnauthorizedAccessException e)
        {
            console.Error.WriteLine($"switchboard {command.Name}: {e.Message}");
            return Failure;
        }
    }

    private static bool Matches(string name, IReadOnlyList<string> args)
    {
        var words = name.Split(' ');
        return args.Count >= words.Length && words.Select((w, i) => w == args[i]).All(m => m);
    }

    private static void PrintUsage(IReadOnlyList<ICliCommand> commands, TextWriter error)
    {
        error.WriteLine("usage: switchboard <command> [arguments]   (files are raw v1 updates; - means stdin/stdout)");
        foreach (var command in commands)
        {
            error.WriteLine($"  switchboard {command.Name} {command.Usage}");
            error.WriteLine($"      {command.Description}");
        }
    }
}
