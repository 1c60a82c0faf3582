using Switchboard.Yjs.Document;

namespace Switchboard.Cli.Commands;

/// <summary>
/// <c>switchboard yjs compact UPDATE.bin... -o OUT.bin</c>: applies the updates in order to a document and writes
/// its compact full state (deleted content garbage-collected, neighbouring items merged; as yjs'
/// <c>Y.encodeStateAsUpdate(doc)</c>).
/// </summary>
public sealed class YjsCompactCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "yjs compact";

    /// <inheritdoc />
    public string Usage => "UPDATE.bin... [-o OUT.bin]";

    /// <inheritdoc />
    public string Description => "Write a document's compact full state (as Y.encodeStateAsUpdate of a Y.Doc).";

    /// <inheritdoc />
    public int Run(CliArguments arguments, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        if (arguments.Positional.Count == 0)
        {
            throw new CliUsageException("give at least one update file.");
        }

        var doc = new YDoc();
        foreach (var input in arguments.Positional)
        {
            doc.ApplyUpdate(console.ReadInput(input));
        }

        console.WriteOutput(arguments.Output ?? "-", doc.EncodeStateAsUpdate());
        return CliApp.Success;
    }
}
