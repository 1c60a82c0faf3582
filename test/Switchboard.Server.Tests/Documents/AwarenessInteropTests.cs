using System.Text;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Documents;

/// <summary>
/// Awareness removal read by npm y-protocols' own <c>Awareness</c> (test/interop/awareness-removal.mjs), with npm
/// socket.io-client against the real server on Kestrel: the departed editor's state is gone for the others.
/// </summary>
public sealed class AwarenessInteropTests
{
    private static string Token(string userId) =>
        JwtToken.Create(new JwtClaims { UserId = userId }, Encoding.UTF8.GetBytes(ServerHost.Secret));

    [Theory]
    [InlineData("leave")]
    [InlineData("disconnect")]
    public async Task Departure_YProtocolsAwareness_RemovedForTheOthers(string how)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database);
        var owner = await Seed.UserAsync(host);
        var note = await Seed.NoteAsync(host, owner.Id);

        var run = await NodeProcess.RunAsync("awareness-removal.mjs", TimeSpan.FromSeconds(60), null, host.Url, note, Token(owner.Id), Token(owner.Id), how);

        Assert.True(run.ExitCode == 0, run.StandardError + run.StandardOutput);
        Assert.Equal(["""{"step":"seen"}""", """{"step":"removed"}"""], run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
