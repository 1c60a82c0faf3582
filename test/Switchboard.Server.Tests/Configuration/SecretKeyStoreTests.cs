using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Configuration;

public sealed class SecretKeyStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resolve_NoSecret_GeneratesOnceAndKeepsIt()
    {
        var first = SecretKeyStore.Resolve(new SwitchboardOptions { DataDir = _dir });
        var second = SecretKeyStore.Resolve(new SwitchboardOptions { DataDir = _dir });

        Assert.True(first.Length >= 32);
        Assert.Equal(first, second);
        Assert.Equal(first, File.ReadAllText(Path.Combine(_dir, SecretKeyStore.FileName)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, SecretKeyStore.FileName)));
        }
    }

    [Fact]
    public void Resolve_Configured_UsedAndNothingWritten()
    {
        Assert.Equal("mine", SecretKeyStore.Resolve(new SwitchboardOptions { DataDir = _dir, SecretKey = "mine" }));
        Assert.False(File.Exists(Path.Combine(_dir, SecretKeyStore.FileName)));
        Directory.CreateDirectory(_dir);
    }
}
