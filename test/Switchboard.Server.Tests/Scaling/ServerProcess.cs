using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Switchboard.Server as a process of its own (<c>dotnet Switchboard.Server.dll</c> from the test's output folder)
/// on a loopback port the server picks itself (<c>:0</c>, read back from Kestrel's "Now listening on" line, so no
/// other process can take the port between choosing and binding it), configured by environment variables as a
/// deployment would be. Killed on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private const string ListeningPrefix = "Now listening on: ";
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The address the server bound, known once <see cref="StartAsync"/> has returned.</summary>
    public string Url { get; private set; } = "http://127.0.0.1:0";

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Switchboard.Server.dll"));
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Switchboard"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment["Logging__LogLevel__Switchboard.Server.Documents.DocumentHub"] = "Debug";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async Task<int> ReadyStatusAsync()
    {
        try
        {
            using var response = await Http.GetAsync(Url + "/readyz");
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    private async Task WaitReadyAsync()
    {
        await Eventually.TrueAsync(() =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Switchboard.Server exited with {_process.ExitCode}:\n{Output}");
            }

            return Task.FromResult(_listening.Task.IsCompleted);
        }, $"Switchboard.Server logs the address it listens on\n{Output}", TimeSpan.FromSeconds(60));
        Url = await _listening.Task;
        await WaitHealthyAsync();
    }

    private Task WaitHealthyAsync() => Eventually.TrueAsync(async () =>
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Switchboard.Server exited with {_process.ExitCode}:\n{Output}");
        }

        return await ReadyStatusAsync() == 200;
    }, $"Switchboard.Server at {Url} is ready\n{Output}", TimeSpan.FromSeconds(60));

    /// <summary>Kills the process with SIGKILL: no shutdown, no cleanup, as a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Eventually.Timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var at = line.IndexOf(ListeningPrefix, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(line[(at + ListeningPrefix.Length)..].Trim());
        }
    }

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
