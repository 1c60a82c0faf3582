using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Switchboard.SocketIO.Tests;

public class SocketIOOptionsTests
{
    [Fact]
    public void Defaults_MatchSocketIO()
    {
        var options = new SocketIOOptions();
        Assert.Equal(TimeSpan.FromSeconds(45), options.ConnectTimeout);
        Assert.Equal(10, options.MaxAttachments);
        Assert.Null(options.ConnectionStateRecovery);
        Assert.Equal(TimeSpan.FromMinutes(2), new ConnectionStateRecoveryOptions().MaxDisconnectionDuration);
    }

    [Fact]
    public void AddSocketIO_ResolvesOneServerWithConfiguredOptions()
    {
        using var provider = new ServiceCollection().AddLogging().AddSocketIO(o => o.ConnectTimeout = TimeSpan.FromSeconds(3)).BuildServiceProvider();
        var server = provider.GetRequiredService<SocketIOServer>();
        Assert.Same(server, provider.GetRequiredService<SocketIOServer>());
        Assert.Equal(TimeSpan.FromSeconds(3), server.Options.ConnectTimeout);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1000, 0)]
    public void AddSocketIO_InvalidOptions_FailValidation(int connectTimeoutMs, int maxAttachments)
    {
        using var provider = new ServiceCollection().AddLogging().AddSocketIO(o =>
        {
            o.ConnectTimeout = TimeSpan.FromMilliseconds(connectTimeoutMs);
            o.MaxAttachments = maxAttachments;
        }).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SocketIOOptions>>().Value);
    }
}
