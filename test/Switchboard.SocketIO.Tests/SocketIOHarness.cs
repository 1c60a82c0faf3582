using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests;

/// <summary>A Socket.IO server on a <see cref="FakeEngine"/> with a fake clock.</summary>
internal sealed class SocketIOHarness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public SocketIOHarness(Action<SocketIOOptions>? configure = null, Microsoft.Extensions.Logging.ILogger<SocketIOServer>? logger = null)
    {
        var options = new SocketIOOptions();
        configure?.Invoke(options);
        Server = new SocketIOServer(Options.Create(options), new ServiceCollection().BuildServiceProvider(), logger, Time);
        Engine = new FakeEngine(Server.EngineHandler);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UnixEpoch);

    public SocketIOServer Server { get; }

    public FakeEngine Engine { get; }

    /// <summary>Opens a connection and joins <paramref name="nsp"/>; returns the connection and the socket id.</summary>
    public async Task<(FakeEngineConnection Connection, string Sid)> ConnectAsync(string nsp = "/", string? auth = null, EngineHandshake? handshake = null)
    {
        var connection = await Engine.OpenAsync(handshake);
        var sid = await JoinAsync(connection, nsp, auth);
        return (connection, sid);
    }

    /// <summary>Joins another namespace on an open connection; returns the socket id.</summary>
    public async Task<string> JoinAsync(FakeEngineConnection connection, string nsp = "/", string? auth = null)
    {
        var prefix = nsp == "/" ? "0" : $"0{nsp},";
        Assert.True(await Engine.SendTextAsync(connection, prefix + (auth ?? "")));
        var reply = await connection.ReadTextAsync(Timeout);
        Assert.StartsWith(prefix + "{", reply, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(reply[prefix.Length..]);
        return document.RootElement.GetProperty("sid").GetString()!;
    }

    public static async Task AssertNothingSentAsync(FakeEngineConnection connection)
    {
        await Task.Yield();
        Assert.False(connection.TryRead(out var message), $"unexpected message: {message}");
    }
}
