using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Channels;
using Switchboard.Server.Realtime;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Api.Channels;

/// <summary>What the channel endpoints use.</summary>
internal sealed class ChannelServices(
    IDbContextFactory<WebUIDbContext> contexts,
    IRealtimeHub hub,
    ChannelDirectory directory,
    TimeProvider time,
    IOptions<ApiOptions> options)
{
    public IDbContextFactory<WebUIDbContext> Contexts { get; } = contexts;
    public IRealtimeHub Hub { get; } = hub;
    public ChannelDirectory Directory { get; } = directory;
    public TimeProvider Time { get; } = time;
    public ApiOptions Options { get; } = options.Value;
}
