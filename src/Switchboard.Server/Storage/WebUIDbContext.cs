using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Storage;

/// <summary>
/// Open WebUI's own tables (openwebui-schema.md §4) and Switchboard's <c>switchboard_</c> tables. Columns are
/// snake_case; JSON columns are strings holding JSON text (<c>json</c> in PostgreSQL, JSON text in SQLite), read
/// through <see cref="JsonColumn"/>. The schema is created by <see cref="SchemaInitializer"/>, never by EF.
/// </summary>
internal sealed class WebUIDbContext(DbContextOptions<WebUIDbContext> options) : DbContext(options)
{
    public DbSet<UserRow> Users => Set<UserRow>();

    public DbSet<AuthRow> Auths => Set<AuthRow>();

    public DbSet<ChannelRow> Channels => Set<ChannelRow>();

    public DbSet<ChannelMemberRow> ChannelMembers => Set<ChannelMemberRow>();

    public DbSet<ChannelMessageRow> ChannelMessages => Set<ChannelMessageRow>();

    public DbSet<MessageReactionRow> MessageReactions => Set<MessageReactionRow>();

    public DbSet<NoteRow> Notes => Set<NoteRow>();

    public DbSet<AccessGrantRow> AccessGrants => Set<AccessGrantRow>();

    public DbSet<GroupRow> Groups => Set<GroupRow>();

    public DbSet<GroupMemberRow> GroupMembers => Set<GroupMemberRow>();

    public DbSet<ChatRow> Chats => Set<ChatRow>();

    public DbSet<ChatMessageRow> ChatMessages => Set<ChatMessageRow>();

    public DbSet<FolderRow> Folders => Set<FolderRow>();

    public DbSet<RevokedTokenRow> RevokedTokens => Set<RevokedTokenRow>();

    public DbSet<UserRevocationRow> UserRevocations => Set<UserRevocationRow>();

    public DbSet<MetaRow> Meta => Set<MetaRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var json = Database.IsNpgsql() ? "json" : "JSON";
        Table<UserRow>(modelBuilder, "user", json, nameof(UserRow.Settings), nameof(UserRow.Info));
        Table<AuthRow>(modelBuilder, "auth", json);
        Table<ChannelRow>(modelBuilder, "channel", json, nameof(ChannelRow.Data), nameof(ChannelRow.Meta));
        Table<ChannelMemberRow>(modelBuilder, "channel_member", json, nameof(ChannelMemberRow.Data), nameof(ChannelMemberRow.Meta));
        Table<ChannelMessageRow>(modelBuilder, "message", json, nameof(ChannelMessageRow.Data), nameof(ChannelMessageRow.Meta));
        Table<MessageReactionRow>(modelBuilder, "message_reaction", json);
        Table<NoteRow>(modelBuilder, "note", json, nameof(NoteRow.Data), nameof(NoteRow.Meta));
        Table<AccessGrantRow>(modelBuilder, "access_grant", json);
        Table<GroupRow>(modelBuilder, "group", json, nameof(GroupRow.Data), nameof(GroupRow.Meta), nameof(GroupRow.Permissions));
        Table<GroupMemberRow>(modelBuilder, "group_member", json);
        Table<ChatRow>(modelBuilder, "chat", json, nameof(ChatRow.Chat), nameof(ChatRow.Meta));
        Table<ChatMessageRow>(modelBuilder, "chat_message", json,
            nameof(ChatMessageRow.Content), nameof(ChatMessageRow.Output), nameof(ChatMessageRow.Files), nameof(ChatMessageRow.Sources),
            nameof(ChatMessageRow.Embeds), nameof(ChatMessageRow.StatusHistory), nameof(ChatMessageRow.Error), nameof(ChatMessageRow.Usage),
            nameof(ChatMessageRow.Meta));
        Table<FolderRow>(modelBuilder, "folder", json).HasKey(f => new { f.Id, f.UserId });
        Table<RevokedTokenRow>(modelBuilder, "switchboard_revoked_token", json).HasKey(r => r.Jti);
        Table<UserRevocationRow>(modelBuilder, "switchboard_user_revocation", json).HasKey(r => r.UserId);
        Table<MetaRow>(modelBuilder, "switchboard_meta", json).HasKey(r => r.Key);
    }

    private static EntityTypeBuilder<T> Table<T>(ModelBuilder modelBuilder, string table, string jsonType, params string[] jsonColumns)
        where T : class
    {
        var entity = modelBuilder.Entity<T>();
        entity.ToTable(table);
        foreach (var property in typeof(T).GetProperties())
        {
            var column = entity.Property(property.Name).HasColumnName(SnakeCase(property.Name));
            if (jsonColumns.Contains(property.Name))
            {
                column.HasColumnType(jsonType);
            }
        }

        return entity;
    }

    /// <summary><c>ProfileImageUrl</c> → <c>profile_image_url</c>.</summary>
    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
