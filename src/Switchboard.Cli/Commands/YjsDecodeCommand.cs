using System.Text.Json;
using Switchboard.Yjs.Updates;

namespace Switchboard.Cli.Commands;

/// <summary><c>switchboard yjs decode UPDATE.bin</c>: the structs and delete set as JSON.</summary>
public sealed class YjsDecodeCommand : ICliCommand
{
    /// <inheritdoc />
    public string Name => "yjs decode";

    /// <inheritdoc />
    public string Usage => "UPDATE.bin [-o OUT.json]";

    /// <inheritdoc />
    public string Description => "Print an update's structs and delete set as JSON.";

    /// <inheritdoc />
    public int Run(CliArguments arguments, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        if (arguments.Positional.Count != 1)
        {
            throw new CliUsageException("give one update file.");
        }

        var update = UpdateDecoder.Decode(console.ReadInput(arguments.Positional[0]));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            UpdateJson.Write(json, update);
        }

        buffer.WriteByte((byte)'\n');
        console.WriteOutput(arguments.Output ?? "-", buffer.ToArray());
        return CliApp.Success;
    }
}
