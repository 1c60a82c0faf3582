using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Testing;

/// <summary>
/// A redis-server of the test's own (the binary in <c>SWITCHBOARD_TEST_REDIS_SERVER</c>, exported by test/services/redis.sh)
/// on a free loopback port, which the test may kill (as a crash: it saves nothing) and start again on the same port.
/// It is ready when the server logs "Ready to accept connections", not when something answers on the port: a port
/// probed free can be taken by another process before redis-server binds it, and then the server exits and a fresh
/// port is tried.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _binary;
    private readonly string _dir;
    private Process? _process;

    private RedisServerProcess(string binary, int port)
    {
        _binary = binary;
        Port = port;
        _dir = Directory.CreateTempSubdirectory("sb-redis-").FullName;
    }

    /// <summary>The loopback port the server listens on; it keeps it across <see cref="StartAgainAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The server's address, <c>redis://127.0.0.1:PORT</c>.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>The process id of the running server (for CPU accounting), 0 when none runs.</summary>
    public int ProcessId => _process is { HasExited: false } process ? process.Id : 0;

    /// <summary>Starts a server on a free port (trying another port when the first one was taken meanwhile).</summary>
    public static async Task<RedisServerProcess> StartAsync()
    {
        var binary = Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("SWITCHBOARD_TEST_REDIS_SERVER is not set: run ./test.sh, which exports it (test/services/redis.sh).");
        var server = new RedisServerProcess(binary, FreePort());
        for (var attempt = 1; ; attempt++)
        {
            if (await server.TryStartAsync())
            {
                return server;
            }

            if (attempt == 5)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException("redis-server did not start on any of 5 free ports");
            }

            server.Port = FreePort();
        }
    }

    /// <summary>Starts the server again on the same port (after <see cref="KillAsync"/>), retrying while the port is busy.</summary>
    public async Task StartAgainAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync())
            {
                return;
            }

            if (attempt == 20)
            {
                throw new InvalidOperationException($"redis-server could not listen on {Port} again");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>Kills the server, as a crash would (its data is gone: it saves nothing).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(StartTimeout);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<bool> TryStartAsync()
    {
        var info = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir })
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process?.Dispose();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(true);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => ready.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        if (await ready.Task.WaitAsync(StartTimeout))
        {
            return true;
        }

        await process.WaitForExitAsync();
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
