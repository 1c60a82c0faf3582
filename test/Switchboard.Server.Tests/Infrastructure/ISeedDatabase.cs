using Switchboard.Server.Storage;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Where <see cref="Seed"/> writes rows: a server in this process, or the database of servers that run as processes.</summary>
internal interface ISeedDatabase
{
    Task<WebUIDbContext> DbAsync();
}
