using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Storage;

/// <summary>Registers the database: a pooled <see cref="WebUIDbContext"/> factory, the schema check at start, capabilities.</summary>
internal static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddSwitchboardStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageCapabilities>();
        services.AddSingleton<SqlitePragmaInterceptor>();
        services.AddSingleton<DbConnections>();
        services.AddPooledDbContextFactory<WebUIDbContext>((sp, builder) =>
        {
            var options = sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value;
            var database = ResolveDatabase(options);
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                builder.UseSqlite(database.ConnectionString);
                builder.AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>());
            }
            else
            {
                var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
                if (options.DatabaseSchema is { Length: > 0 } schema)
                {
                    connection.SearchPath = schema;
                }

                builder.UseNpgsql(connection.ConnectionString);
            }

            builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        services.AddHostedService<SchemaInitializer>();
        return services;
    }

    public static DatabaseUrl ResolveDatabase(SwitchboardOptions options)
    {
        if (options.DatabaseUrl is null)
        {
            return DatabaseUrl.Default(options.DataDir);
        }

        return DatabaseUrl.TryParse(options.DatabaseUrl, options.DataDir, out var url, out var error)
            ? url
            : throw new InvalidOperationException($"DATABASE_URL: {error}");
    }
}
