using Switchboard.Yjs.Updates;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard yjs merge A.bin B.bin ... -o OUT.bin</c>: Y.mergeUpdates.</summary>
public sealed class YjsMergeCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "yjs merge";

    /// <inheritdoc />
    public string Usage => "UPDATE.bin [UPDATE.bin ...] [-o OUT.bin]";

    /// <inheritdoc />
    public string Description => "Merge updates into one (as Y.mergeUpdates); output to OUT.bin or stdout.";

    /// <inheritdoc />
    public int Run(CliArguments arguments, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        if (arguments.Positional.Count == 0)
        {
            throw new CliUsageException("give at least one update file.");
        }

        var updates = arguments.Positional.Select(p => (ReadOnlyMemory<byte>)console.ReadInput(p)).ToArray();
        console.WriteOutput(arguments.Output ?? "-", YjsUpdates.Merge(updates));
        return CliApp.Success;
    }
}
