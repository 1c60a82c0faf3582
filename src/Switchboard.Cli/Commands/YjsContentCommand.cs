using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Switchboard.Yjs.Document;

namespace Switchboard.Cli.Commands;

/// <summary>
/// <c>switchboard yjs content UPDATE.bin... [--as NAME=text|map|array|xml]...</c>: applies the updates in order to a
/// document and prints every root's content as JSON (text as string and delta, map and array as JSON, xml as
/// ProseMirror JSON). Roots are untyped on the wire: <c>--as NAME=KIND</c> says how to read one, others are inferred.
/// </summary>
public sealed class YjsContentCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1024 };

    /// <inheritdoc />
    public string Name => "yjs content";

    /// <inheritdoc />
    public string Usage => "UPDATE.bin... [--as NAME=text|map|array|xml]... [-o OUT.json]";

    /// <inheritdoc />
    public string Description => "Print a document's content as JSON (--as NAME=KIND reads root NAME as that kind; others are inferred).";

    /// <inheritdoc />
    public int Run(CliArguments arguments, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(console);
        var kinds = new Dictionary<string, YRootKind>(StringComparer.Ordinal);
        foreach (var rootKind in arguments.RootKinds)
        {
            var eq = rootKind.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--as takes NAME=KIND, not '{rootKind}'.");
            }

            kinds[rootKind[..eq]] = rootKind[(eq + 1)..] switch
            {
                "text" => YRootKind.Text,
                "map" => YRootKind.Map,
                "array" => YRootKind.Array,
                "xml" => YRootKind.Xml,
                var other => throw new CliUsageException($"unknown kind '{other}' for root '{rootKind[..eq]}'; use text, map, array or xml."),
            };
        }

        var inputs = arguments.Positional;
        if (inputs.Count == 0)
        {
            throw new CliUsageException("give at least one update file.");
        }

        var doc = new YDoc();
        foreach (var input in inputs)
        {
            doc.ApplyUpdate(console.ReadInput(input));
        }

        var json = doc.ReadContent(kinds).ToJsonString(Json) + "\n";
        console.WriteOutput(arguments.Output ?? "-", Encoding.UTF8.GetBytes(json));
        if (doc.HasPending)
        {
            console.Error.WriteLine("switchboard yjs content: some structs or deletions wait for updates that were not given (not shown).");
        }

        return CliApp.Success;
    }
}
