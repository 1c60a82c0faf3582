using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace PackageConsumer;

public class ChatRoomTests
{
    [Fact]
    public async Task ChatRoom_TwoSocketIOClients_JoinAndExchangeMessage()
    {
        // As in a trimmed or native AOT application (see Directory.Build.props): only source-generated JSON works.
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);

        await using var app = ChatRoom.Create("http://127.0.0.1:0");
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var url = app.Urls.First();

        var (exitCode, stdout, stderr) = await RunNodeAsync("chat-client.mjs", url).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"chat-client.mjs exited with {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");

        using var seen = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = seen.RootElement;
        Assert.Equal(1, root.GetProperty("annJoined").GetInt32());
        Assert.Equal(2, root.GetProperty("bobJoined").GetInt32());
        Assert.Equal("bob", root.GetProperty("joinedNotice").GetProperty("name").GetString());
        var message = root.GetProperty("message");
        Assert.Equal("ann", message.GetProperty("from").GetString());
        Assert.Equal("lobby", message.GetProperty("room").GetString());
        Assert.Equal("hi", message.GetProperty("text").GetString());
        Assert.Equal("name required", root.GetProperty("refused").GetString());

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string script, params string[] args)
    {
        var interop = Environment.GetEnvironmentVariable("SWITCHBOARD_INTEROP_DIR");
        if (string.IsNullOrEmpty(interop) || !Directory.Exists(Path.Combine(interop, "node_modules", "socket.io-client")))
        {
            throw new InvalidOperationException("SWITCHBOARD_INTEROP_DIR must name test/interop with its npm packages installed (test/package-consumer.sh sets it; ./test.sh installs them).");
        }

        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(45));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
