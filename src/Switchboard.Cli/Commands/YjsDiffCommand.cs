using Switchboard.Yjs.Updates;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard yjs diff UPDATE.bin STATEVECTOR.bin -o OUT.bin</c>: Y.diffUpdate.</summary>
public sealed class YjsDiffCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "yjs diff";

    /// <inheritdoc />
    public string Usage => "UPDATE.bin STATEVECTOR.bin [-o OUT.bin]";

    /// <inheritdoc />
    public string Description => "What a peer with STATEVECTOR lacks from UPDATE (as Y.diffUpdate).";

    /// <inheritdoc />
    public int Run(CliArguments arguments, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        if (arguments.Positional.Count != 2)
        {
            throw new CliUsageException("give an update file and a state vector file.");
        }

        var update = console.ReadInput(arguments.Positional[0]);
        var stateVector = console.ReadInput(arguments.Positional[1]);
        console.WriteOutput(arguments.Output ?? "-", YjsUpdates.Diff(update, stateVector));
        return CliApp.Success;
    }
}
