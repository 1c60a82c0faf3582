using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Switchboard.Testing;

/// <summary>
/// A Node.js script from <c>test/interop</c> run as a child process, talked to line by line over
/// stdin/stdout. Interop tests never skip: a missing <c>node</c> or missing npm packages fail the test
/// with a message that says to run <c>./test.sh</c>.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();

    private NodeProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the script wrote to stderr so far (for assertion messages).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <c>node test/interop/&lt;script&gt; args...</c>.</summary>
    public static NodeProcess Start(string script, params string[] args)
    {
        EnsureInstalled();
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Interop, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                node._lines.Writer.TryComplete();
            }
            else
            {
                node._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (node._stderr)
                {
                    node._stderr.AppendLine(e.Data);
                }
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException("node did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Runs a script to completion and returns its exit code, stdout and stderr.</summary>
    public static async Task<NodeResult> RunAsync(string script, TimeSpan timeout, string? stdin = null, params string[] args)
    {
        await using var node = Start(script, args);
        if (stdin is not null)
        {
            await node._process.StandardInput.WriteAsync(stdin);
        }

        node._process.StandardInput.Close();
        var stdout = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in node._lines.Reader.ReadAllAsync(cts.Token))
            {
                stdout.AppendLine(line);
            }

            await node._process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node {script} did not finish within {timeout}. stderr:\n{node.StandardError}");
        }

        return new NodeResult(node._process.ExitCode, stdout.ToString(), node.StandardError);
    }

    /// <summary>Writes one line to the script's stdin.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Reads the next stdout line, failing after <paramref name="timeout"/>.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (await _lines.Reader.WaitToReadAsync(cts.Token) && _lines.Reader.TryRead(out var line))
            {
                return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no line from node within {timeout}. stderr:\n{StandardError}");
        }

        throw new InvalidOperationException($"node exited (code {(_process.HasExited ? _process.ExitCode : -1)}). stderr:\n{StandardError}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
        }

        _process.Dispose();
    }

    private static void EnsureInstalled()
    {
        if (!Directory.Exists(Path.Combine(RepoPaths.Interop, "node_modules")))
        {
            throw new InvalidOperationException(
                "test/interop/node_modules is missing: run ./test.sh (it runs npm ci in test/interop) before the interop tests.");
        }
    }
}

/// <summary>The outcome of <see cref="NodeProcess.RunAsync"/>.</summary>
public sealed record NodeResult(int ExitCode, string StandardOutput, string StandardError);
