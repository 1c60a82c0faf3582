using Switchboard.Yjs.Updates;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard yjs state-vector UPDATE.bin -o OUT.bin</c>: Y.encodeStateVectorFromUpdate.</summary>
public sealed class YjsStateVectorCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "yjs state-vector";

    /// <inheritdoc />
    public string Usage => "UPDATE.bin [-o OUT.bin]";

    /// <inheritdoc />
    public string Description => "The state vector an update proves (as Y.encodeStateVectorFromUpdate).";

    /// <inheritdoc />
    public int Run(CliArguments arguments, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        if (arguments.Positional.Count != 1)
        {
            throw new CliUsageException("give one update file.");
        }

        var update = console.ReadInput(arguments.Positional[0]);
        console.WriteOutput(arguments.Output ?? "-", YjsUpdates.EncodeStateVectorFromUpdate(update));
        return CliApp.Success;
    }
}
