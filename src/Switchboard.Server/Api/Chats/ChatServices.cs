using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Api.Chats;

/// <summary>What the chat endpoints use.</summary>
internal sealed class ChatServices(IDbContextFactory<WebUIDbContext> contexts, StorageCapabilities capabilities, TimeProvider time)
{
    public IDbContextFactory<WebUIDbContext> Contexts { get; } = contexts;
    public StorageCapabilities Capabilities { get; } = capabilities;
    public TimeProvider Time { get; } = time;
}
