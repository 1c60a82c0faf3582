using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>A redis-server of the test's own on a free loopback port, which the test may kill and start again on the same port.</summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _dir;
    private Process? _process;

    private RedisServerProcess(string binary, int port)
    {
        _binary = binary;
        Port = port;
        _dir = Directory.CreateTempSubdirectory("sb-redis-").FullName;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>The process id of the running server (for CPU accounting).</summary>
    public int ProcessId => _process?.Id ?? 0;

    public static async Task<RedisServerProcess> StartAsync()
    {
        var binary = Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("SWITCHBOARD_TEST_REDIS_SERVER is not set: run ./test.sh, which exports it (test/services/redis.sh).");
        var server = new RedisServerProcess(binary, FreePort.Next());
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(_binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, $"redis-server listens on {Port}");
    }

    /// <summary>Kills the server, as a crash would (its data is gone: it saves nothing).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(Eventually.Timeout);
        }
    }

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
        }
    }
}
