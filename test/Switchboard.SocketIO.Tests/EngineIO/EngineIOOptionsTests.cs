using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class EngineIOOptionsTests
{
    [Fact]
    public void Defaults_MatchEngineIO()
    {
        var options = new EngineIOOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(25000), options.PingInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(20000), options.PingTimeout);
        Assert.Equal(1_000_000, options.MaxPayload);
        Assert.Equal(TimeSpan.FromMilliseconds(10000), options.UpgradeTimeout);
        Assert.Equal(EngineTransports.All, options.Transports);
        Assert.Empty(options.AllowedOrigins);
        Assert.Equal(EngineFullQueuePolicy.CloseSession, options.FullQueuePolicy);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.WriteTimeout);
        Assert.Equal(TimeSpan.Zero, options.WriteCoalescingDelay);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void Validate_WriteCoalescingDelay_ZeroTo50MsAccepted(int milliseconds, bool valid)
    {
        var options = new EngineIOOptions { WriteCoalescingDelay = TimeSpan.FromMilliseconds(milliseconds) };

        var result = new EngineIOOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("WriteCoalescingDelay", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> InvalidSettings => new()
    {
        "PingInterval", "PingTimeout", "UpgradeTimeout", "MaxPayload", "SendQueueCapacity", "Transports", "AllowedOrigins",
        "CloseTimeout", "WriteTimeout", "AllowCredentials", "WriteCoalescingDelay",
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task StartHost_InvalidOption_FailsNamingIt(string setting)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddEngineIO(o => Break(o, setting));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().DefaultTimeout());

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapEngineIO_InvalidPerEndpointOption_ThrowsAtMapTime()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddEngineIO();
        await using var app = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() =>
            app.MapEngineIO("/engine.io", _ => new EchoEngineHandler(), o => o.PingTimeout = TimeSpan.Zero));

        Assert.Contains("PingTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapEngineIO_PerEndpointConfigure_StartsFromServiceDefaults()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxPayload = 1234);

        var (_, body) = await host.GetAsync(EngineTestHost.Url());

        Assert.Contains("\"maxPayload\":1234", body, StringComparison.Ordinal);
    }

    private static void Break(EngineIOOptions options, string setting)
    {
        switch (setting)
        {
            case "PingInterval": options.PingInterval = TimeSpan.Zero; break;
            case "PingTimeout": options.PingTimeout = TimeSpan.FromMilliseconds(-1); break;
            case "UpgradeTimeout": options.UpgradeTimeout = TimeSpan.FromDays(30); break;
            case "MaxPayload": options.MaxPayload = 0; break;
            case "SendQueueCapacity": options.SendQueueCapacity = -5; break;
            case "Transports": options.Transports = EngineTransports.None; break;
            case "AllowedOrigins": options.AllowedOrigins.Add("not an origin"); break;
            case "CloseTimeout": options.CloseTimeout = TimeSpan.Zero; break;
            case "WriteTimeout": options.WriteTimeout = TimeSpan.FromMilliseconds(-1); break;
            case "WriteCoalescingDelay": options.WriteCoalescingDelay = TimeSpan.FromSeconds(1); break;
            // Any origin with credentials: cross-site WebSocket hijacking under cookie auth (issue 8, item 13).
            case "AllowCredentials": options.AllowedOrigins.Add("*"); options.AllowCredentials = true; break;
            default: throw new ArgumentOutOfRangeException(nameof(setting));
        }
    }
}
