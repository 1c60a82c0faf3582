using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Switchboard.Server.Storage;

/// <summary>
/// A query compiled once per EF Core model (<c>EF.CompileAsyncQuery</c>), for the queries asked on every request or
/// event. EF binds a compiled query to the model it first ran with, and one process may hold several models (the
/// tests host SQLite and PostgreSQL servers side by side), so the delegate is kept per model.
/// </summary>
internal sealed class CompiledQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
