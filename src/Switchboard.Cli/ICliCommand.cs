namespace Switchboard.Cli;

/// <summary>One <c>switchboard</c> command, e.g. <c>yjs merge</c>. Each lives in its own file under Commands/.</summary>
public interface ICliCommand
{
    /// <summary>The words that select the command, e.g. <c>yjs merge</c>.</summary>
    string Name { get; }

    /// <summary>Arguments after the name, for the usage text, e.g. <c>A.bin B.bin ... -o OUT.bin</c>.</summary>
    string Usage { get; }

    /// <summary>One line saying what the command does.</summary>
    string Description { get; }

    /// <summary>Runs the command with the arguments after its name; returns the exit code.</summary>
    int Run(CliArguments arguments, CliConsole console);
}
