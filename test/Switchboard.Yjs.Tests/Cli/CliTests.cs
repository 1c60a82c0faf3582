using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Switchboard.Cli;
using Switchboard.Cli.Commands;

namespace Switchboard.Yjs.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private const string A = "01 01 01 00 04 01 01 74 01 61 00";
    private const string B = "01 01 01 01 84 01 00 01 62 00";
    private const string C = "01 01 01 03 28 01 01 6d 01 6b 01 7d 01 00";
    private const string D = "01 01 01 04 a8 01 03 01 7d 02 01 01 01 03 01";

    private static readonly ICliCommand[] Commands =
    [
        new YjsMergeCommand(),
        new YjsDiffCommand(),
        new YjsStateVectorCommand(),
        new YjsDecodeCommand(),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("switchboard-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Merge_Files_WritesYjsBytesToOutputFile()
    {
        var (code, _, error) = Run(null, "yjs", "merge", File(A), File(B), "-o", Path.Combine(_dir, "out.bin"));
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Equal("01020100040101740161840100016200", Hex.Of(System.IO.File.ReadAllBytes(Path.Combine(_dir, "out.bin"))));
    }

    [Fact]
    public void Merge_StdinAndFile_WritesStdout()
    {
        var (code, output, _) = Run(Hex.Bytes(C), "yjs", "merge", "-", File(D), "-o", "-");
        Assert.Equal(0, code);
        Assert.Equal("010201032801016d016b017d01880103017d020101010301", Hex.Of(output));
    }

    [Fact]
    public void Diff_UpdateAndStateVector_WritesDiff()
    {
        var (code, output, _) = Run(null, "yjs", "diff", File("01020100040101740161840100016200"), File("01 01 01"));
        Assert.Equal(0, code);
        Assert.Equal("01010101840100016200", Hex.Of(output));
    }

    [Fact]
    public void StateVector_Stdin_WritesStateVector()
    {
        var (code, output, _) = Run(Hex.Bytes("01020100040101740161840100016200"), "yjs", "state-vector", "-");
        Assert.Equal(0, code);
        Assert.Equal("010102", Hex.Of(output));
    }

    [Fact]
    public void Decode_Update_PrintsStructsAndDeleteSetAsJson()
    {
        var (code, output, _) = Run(null, "yjs", "decode", File("010201032801016d016b017d01880103017d020101010301"));
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var structs = json.RootElement.GetProperty("structs");
        Assert.Equal(2, structs.GetArrayLength());
        Assert.Equal("m", structs[0].GetProperty("parent").GetString());
        Assert.Equal("k", structs[0].GetProperty("parentSub").GetString());
        Assert.Equal(1, structs[0].GetProperty("content").GetProperty("values")[0].GetInt32());
        Assert.Equal(3, structs[1].GetProperty("origin").GetProperty("clock").GetInt32());
        var ds = json.RootElement.GetProperty("deleteSet")[0];
        Assert.Equal(1, ds.GetProperty("client").GetInt32());
        Assert.Equal("[[3,1]]", ds.GetProperty("ranges").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Merge_MalformedUpdate_ExitsOneWithMessageOnStderr()
    {
        var (code, output, error) = Run(null, "yjs", "merge", File(A), File("01 01 01 00 04 01 01 74 01 ff 00"));
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("invalid data: Update 1: string content at offset 8 is not valid UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MissingFile_ExitsOne()
    {
        var (code, _, error) = Run(null, "yjs", "decode", Path.Combine(_dir, "missing.bin"));
        Assert.Equal(1, code);
        Assert.Contains("missing.bin", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yjs", "diff", "only-one.bin")]
    [InlineData("yjs", "merge")]
    [InlineData("yjs", "merge", "a.bin", "-o")]
    [InlineData("yjs", "merge", "a.bin", "--bogus")]
    [InlineData("yjs", "frobnicate")]
    [InlineData]
    public void Run_WrongUsage_ExitsTwoWithUsage(params string[] args)
    {
        var (code, output, error) = Run(null, args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("usage: switchboard", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_PrintsUsageOnStdoutAndExitsZero()
    {
        var (code, output, error) = Run(null, "--help");
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("switchboard yjs state-vector UPDATE.bin", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltTool_StateVectorFromStdin_WritesStdout()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "switchboard.dll");
        Assert.True(System.IO.File.Exists(dll), $"{dll} is missing: the test project must reference Switchboard.Cli.");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { dll, "yjs", "state-vector", "-" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.BaseStream.WriteAsync(Hex.Bytes("01020100040101740161840100016200"));
        process.StandardInput.Close();
        using var output = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.StandardOutput.BaseStream.CopyToAsync(output, cts.Token);
        await process.WaitForExitAsync(cts.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("010102", Hex.Of(output.ToArray()));
    }

    private string File(string hex)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("n") + ".bin");
        System.IO.File.WriteAllBytes(path, Hex.Bytes(hex));
        return path;
    }

    private static (int Code, byte[] Output, string Error) Run(byte[]? stdin, params string[] args)
    {
        using var input = new MemoryStream(stdin ?? []);
        using var output = new MemoryStream();
        using var error = new StringWriter(new StringBuilder());
        var code = CliApp.Run(Commands, args, new CliConsole(input, output, error));
        return (code, output.ToArray(), error.ToString());
    }
}
