using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Auth;

/// <summary>
/// The fields of a <c>user</c> row a token check needs, read by one compiled query: every request and socket event
/// re-validates its token, and compiling the LINQ query each time (funcletizing and looking up the query cache) cost
/// more than the lookup itself.
/// </summary>
internal sealed record TokenUser(string Id, string? Name, string? Role, string? Email)
{
    private static readonly CompiledQuery<Func<WebUIDbContext, string, CancellationToken, Task<TokenUser?>>> ById = new(() => EF.CompileAsyncQuery(
        (WebUIDbContext db, string id, CancellationToken cancellationToken) =>
            db.Users.Where(u => u.Id == id).Select(u => new TokenUser(u.Id, u.Name, u.Role, u.Email)).FirstOrDefault()));

    /// <summary>The user <paramref name="id"/>, or null when there is none.</summary>
    public static Task<TokenUser?> FindAsync(WebUIDbContext db, string id, CancellationToken cancellationToken) => ById.For(db)(db, id, cancellationToken);
}
