using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Access;
using Switchboard.Server.Documents;
using Switchboard.Server.Realtime;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Api.Notes;

/// <summary>What the note endpoints use.</summary>
internal sealed class NoteServices(
    IDbContextFactory<WebUIDbContext> contexts,
    IAccessControl access,
    IRealtimeHub hub,
    DocumentHub documents,
    StorageCapabilities capabilities,
    TimeProvider time,
    IOptions<ApiOptions> options)
{
    public IDbContextFactory<WebUIDbContext> Contexts { get; } = contexts;
    public IAccessControl Access { get; } = access;
    public IRealtimeHub Hub { get; } = hub;
    public DocumentHub Documents { get; } = documents;
    public StorageCapabilities Capabilities { get; } = capabilities;
    public TimeProvider Time { get; } = time;
    public ApiOptions Options { get; } = options.Value;
}
