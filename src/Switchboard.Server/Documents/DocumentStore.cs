using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Documents;

/// <summary>
/// The database side of documents: the <c>switchboard_document</c> state and <c>switchboard_document_update</c> log
/// tables (created with the rest of Switchboard's tables by the schema check at start, under its lock), and the note rows
/// whose content the server derives.
/// </summary>
internal sealed class DocumentStore(IDbContextFactory<WebUIDbContext> contexts, DbConnections connections, TimeProvider time)
{
    /// <summary>The stored state and the log after it.</summary>
    public async Task<StoredDocument> LoadAsync(string documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        byte[]? state = null;
        long stateSeq = 0;
        await using (var command = Command(connection, "SELECT state, seq FROM switchboard_document WHERE id = @id", ("@id", documentId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                state = (byte[])reader.GetValue(0);
                stateSeq = reader.GetInt64(1);
            }
        }

        var updates = new List<StoredUpdate>();
        await using (var command = Command(connection,
            "SELECT seq, data FROM switchboard_document_update WHERE document_id = @id ORDER BY seq",
            ("@id", documentId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                updates.Add(new StoredUpdate(reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }

        return new StoredDocument(state, stateSeq, updates);
    }

    /// <summary>
    /// Stores <paramref name="state"/> as a new document's first state; false when the document already exists (another
    /// writer created it first), which leaves the stored one untouched.
    /// </summary>
    public Task<bool> TryCreateAsync(string documentId, byte[] state, CancellationToken cancellationToken) =>
        connections.WriteAsync(async (session, ct) =>
        {
            var command = session.Command("INSERT INTO switchboard_document (id, state, seq, updated_at) VALUES (@id, @state, 0, @now) ON CONFLICT (id) DO NOTHING");
            AddParameter(command, "@id", documentId);
            AddParameter(command, "@state", state);
            AddParameter(command, "@now", time.Milliseconds());
            return await command.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);

    /// <summary>Appends accepted updates of one document to the log, in one transaction.</summary>
    public Task AppendAsync(string documentId, IReadOnlyList<StoredUpdate> updates, CancellationToken cancellationToken) =>
        AppendAsync([.. updates.Select(u => new LogEntry(documentId, u))], cancellationToken);

    /// <summary>
    /// Appends accepted updates (of any documents) to the log, in one transaction: on PostgreSQL one statement per 128
    /// entries (one round trip), on SQLite one prepared single-row insert run per entry (no statement to parse).
    /// </summary>
    public Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) =>
        connections.WriteAsync(async (session, ct) =>
        {
            var now = time.Milliseconds();
            if (!session.Postgres)
            {
                foreach (var entry in entries)
                {
                    var insert = session.Command("INSERT INTO switchboard_document_update (document_id, seq, data, created_at) VALUES (@id, @seq, @data, @now)");
                    AddParameter(insert, "@id", entry.DocumentId);
                    AddParameter(insert, "@seq", entry.Update.Seq);
                    AddParameter(insert, "@data", entry.Update.Data);
                    AddParameter(insert, "@now", now);
                    await insert.ExecuteNonQueryAsync(ct);
                }

                return true;
            }

            foreach (var chunk in entries.Chunk(DocumentLogWriter.MaxBatch))
            {
                var rows = new StringBuilder("INSERT INTO switchboard_document_update (document_id, seq, data, created_at) VALUES ");
                for (var i = 0; i < chunk.Length; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    rows.Append(i == 0 ? "" : ", ").Append("(@id").Append(n).Append(", @seq").Append(n).Append(", @data").Append(n).Append(", @now)");
                }

                var command = session.Command(rows.ToString(), reuse: false);
                for (var i = 0; i < chunk.Length; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    AddParameter(command, "@id" + n, chunk[i].DocumentId);
                    AddParameter(command, "@seq" + n, chunk[i].Update.Seq);
                    AddParameter(command, "@data" + n, chunk[i].Update.Data);
                }

                AddParameter(command, "@now", now);
                await command.ExecuteNonQueryAsync(ct);
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Replaces the stored state with <paramref name="state"/>, which folds in the log up to <paramref name="seq"/>, and
    /// deletes those log entries, atomically: a reader sees either the old state and log or the new state and the rest.
    /// </summary>
    public Task CompactAsync(string documentId, byte[] state, long seq, CancellationToken cancellationToken) =>
        connections.WriteAsync(async (session, ct) =>
        {
            await UpsertStateAsync(session, documentId, state, seq, ct);
            var delete = session.Command("DELETE FROM switchboard_document_update WHERE document_id = @id AND seq <= @seq");
            AddParameter(delete, "@id", documentId);
            AddParameter(delete, "@seq", seq);
            await delete.ExecuteNonQueryAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Like <see cref="CompactAsync"/>, deleting exactly the log entries <paramref name="folded"/> (those read and folded
    /// into <paramref name="state"/>): with several instances an entry numbered below <paramref name="seq"/> may be
    /// written after the log was read, and it stays in the log (readers apply every entry; Yjs ignores repeats).
    /// </summary>
    public Task CompactExactAsync(string documentId, byte[] state, long seq, IReadOnlyList<long> folded, CancellationToken cancellationToken) =>
        connections.WriteAsync(async (session, ct) =>
        {
            await UpsertStateAsync(session, documentId, state, seq, ct);
            foreach (var chunk in folded.Chunk(500))
            {
                var names = chunk.Select((_, i) => "@s" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                var delete = session.Command($"DELETE FROM switchboard_document_update WHERE document_id = @id AND seq IN ({string.Join(", ", names)})", reuse: false);
                AddParameter(delete, "@id", documentId);
                for (var i = 0; i < chunk.Length; i++)
                {
                    AddParameter(delete, names[i], chunk[i]);
                }

                await delete.ExecuteNonQueryAsync(ct);
            }

            return true;
        }, cancellationToken);

    // The new state, unless a state folding in more of the log is stored already.
    private async Task UpsertStateAsync(DbWriteSession session, string documentId, byte[] state, long seq, CancellationToken cancellationToken)
    {
        var upsert = session.Command(
            """
            INSERT INTO switchboard_document (id, state, seq, updated_at) VALUES (@id, @state, @seq, @now)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, seq = excluded.seq, updated_at = excluded.updated_at
            WHERE switchboard_document.seq <= excluded.seq
            """);
        AddParameter(upsert, "@id", documentId);
        AddParameter(upsert, "@state", state);
        AddParameter(upsert, "@seq", seq);
        AddParameter(upsert, "@now", time.Milliseconds());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The note's owner and stored content, or <see langword="null"/> when there is no such note.</summary>
    public async Task<StoredNote?> GetNoteAsync(string noteId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Notes.Where(n => n.Id == noteId).Select(n => new { n.UserId, n.Data }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new StoredNote(noteId, row.UserId, JsonColumn.ParseObject(row.Data)["content"] as JsonObject);
    }

    /// <summary>
    /// Sets <c>note.data.content</c> to <paramref name="content"/> (the rest of <c>data</c> kept, a NULL <c>data</c>
    /// counting as <c>{}</c>, G24) and bumps <c>updated_at</c> (epoch ns); false when the note no longer exists.
    /// </summary>
    public async Task<bool> SaveNoteContentAsync(string noteId, JsonObject content, CancellationToken cancellationToken)
    {
        // The usual case, data an object: content set in place by the database's JSON function, one statement of the
        // database's writer.
        var text = JsonColumn.Write(content);
        var patched = await connections.WriteAsync(async (session, ct) =>
        {
            var patch = session.Command(session.Postgres
                ? "UPDATE note SET data = jsonb_set(data::jsonb, '{content}', CAST(@content AS jsonb), true)::json, updated_at = @now WHERE id = @id AND jsonb_typeof(data::jsonb) = 'object'"
                : "UPDATE note SET data = json_set(data, '$.content', json(@content)), updated_at = @now WHERE id = @id AND json_valid(data) AND json_type(data) = 'object'");
            AddParameter(patch, "@content", text);
            AddParameter(patch, "@now", time.Nanoseconds());
            AddParameter(patch, "@id", noteId);
            return await patch.ExecuteNonQueryAsync(ct) == 1;
        }, cancellationToken);
        if (patched)
        {
            return true;
        }

        // No such note, or data NULL, not an object, or a JSON string of JSON text: read, set and written whole.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var note = await db.Notes.AsTracking().FirstOrDefaultAsync(n => n.Id == noteId, cancellationToken);
        if (note is null)
        {
            return false;
        }

        var data = JsonColumn.ParseObject(note.Data);
        data["content"] = content;
        note.Data = JsonColumn.Write(data);
        note.UpdatedAt = time.Nanoseconds();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<DbConnection> OpenAsync(WebUIDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db.Database.GetDbConnection();
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
