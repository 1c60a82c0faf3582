using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Cli;
using Switchboard.Cli.Commands;

namespace Switchboard.Yjs.Tests.Document;

public sealed class ContentAndCompactCommandTests : IDisposable
{
    private static readonly byte[] InsertA = [0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0x61, 0x00];
    private static readonly byte[] InsertB = [0x01, 0x01, 0x01, 0x01, 0x84, 0x01, 0x00, 0x01, 0x62, 0x00];
    private static readonly ICliCommand[] Commands = [new YjsContentCommand(), new YjsCompactCommand()];

    private readonly string _dir = Directory.CreateTempSubdirectory("switchboard-cli-doc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Content_TwoUpdates_PrintsTextAndDelta()
    {
        var (code, output, error) = Run(null, "yjs", "content", File("a", InsertA), File("b", InsertB));
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"t":{"kind":"text","text":"ab","delta":[{"insert":"ab"}]}}"""), JsonNode.Parse(output)));
    }

    [Fact]
    public void Content_KindGiven_ReadsAsThatKind()
    {
        var (code, output, _) = Run(InsertA, "yjs", "content", "-", "--as", "t=array", "--as", "other=map");
        Assert.Equal(0, code);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"t":{"kind":"array","value":["a"]},"other":{"kind":"map","value":{}}}"""), JsonNode.Parse(output)));
    }

    [Fact]
    public void Content_UnknownKind_UsageError()
    {
        var (code, _, error) = Run(InsertA, "yjs", "content", "-", "--as", "t=tree");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("unknown kind 'tree'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_AsWithoutKind_UsageError()
    {
        var (code, _, error) = Run(InsertA, "yjs", "content", "-", "--as", "t");
        Assert.Equal(CliApp.UsageError, code);
        Assert.Contains("--as takes NAME=KIND", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_MissingDependency_WarnsOnStderr()
    {
        var (code, output, error) = Run(InsertB, "yjs", "content", "-");
        Assert.Equal(0, code);
        Assert.Equal("{}", JsonNode.Parse(output)!.ToJsonString());
        Assert.Contains("wait for updates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_TwoUpdates_WritesMergedState()
    {
        var outFile = Path.Combine(_dir, "out.bin");
        var (code, _, _) = Run(null, "yjs", "compact", File("a", InsertA), File("b", InsertB), "-o", outFile);
        Assert.Equal(0, code);
        Assert.Equal(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x02, 0x61, 0x62, 0x00 }, System.IO.File.ReadAllBytes(outFile));
    }

    [Fact]
    public void Compact_Malformed_ExitCodeOneAndMessage()
    {
        var (code, _, error) = Run([0x01, 0x01], "yjs", "compact", "-");
        Assert.Equal(CliApp.Failure, code);
        Assert.Contains("invalid data", error, StringComparison.Ordinal);
    }

    private string File(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name + ".bin");
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Output, string Error) Run(byte[]? stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin ?? []);
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = CliApp.Run(Commands, args, new CliConsole(input, output, error));
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}
