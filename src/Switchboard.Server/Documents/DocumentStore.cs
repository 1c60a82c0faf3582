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
    public async Task<bool> TryCreateAsync(string documentId, byte[] state, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var command = Command(connection,
            "INSERT INTO switchboard_document (id, state, seq, updated_at) VALUES (@id, @state, 0, @now) ON CONFLICT (id) DO NOTHING",
            ("@id", documentId), ("@state", state), ("@now", time.Milliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Appends accepted updates of one document to the log, in one transaction.</summary>
    public Task AppendAsync(string documentId, IReadOnlyList<StoredUpdate> updates, CancellationToken cancellationToken) =>
        AppendAsync([.. updates.Select(u => new LogEntry(documentId, u))], cancellationToken);

    /// <summary>Appends accepted updates (of any documents) to the log, in one transaction: one statement per 128 entries.</summary>
    public async Task AppendAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken); // a plain connection: every keystroke batch
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.Milliseconds();
        foreach (var chunk in entries.Chunk(DocumentLogWriter.MaxBatch))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var rows = new StringBuilder("INSERT INTO switchboard_document_update (document_id, seq, data, created_at) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                rows.Append(i == 0 ? "" : ", ").Append("(@id").Append(n).Append(", @seq").Append(n).Append(", @data").Append(n).Append(", @now)");
                AddParameter(command, "@id" + n, chunk[i].DocumentId);
                AddParameter(command, "@seq" + n, chunk[i].Update.Seq);
                AddParameter(command, "@data" + n, chunk[i].Update.Data);
            }

            AddParameter(command, "@now", now);
            command.CommandText = rows.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the stored state with <paramref name="state"/>, which folds in the log up to <paramref name="seq"/>, and
    /// deletes those log entries, atomically: a reader sees either the old state and log or the new state and the rest.
    /// </summary>
    public async Task CompactAsync(string documentId, byte[] state, long seq, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = Command(connection,
            """
            INSERT INTO switchboard_document (id, state, seq, updated_at) VALUES (@id, @state, @seq, @now)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, seq = excluded.seq, updated_at = excluded.updated_at
            WHERE switchboard_document.seq <= excluded.seq
            """,
            ("@id", documentId), ("@state", state), ("@seq", seq), ("@now", time.Milliseconds())))
        {
            upsert.Transaction = transaction;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var delete = Command(connection,
            "DELETE FROM switchboard_document_update WHERE document_id = @id AND seq <= @seq", ("@id", documentId), ("@seq", seq)))
        {
            delete.Transaction = transaction;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Like <see cref="CompactAsync"/>, deleting exactly the log entries <paramref name="folded"/> (those read and folded
    /// into <paramref name="state"/>): with several instances an entry numbered below <paramref name="seq"/> may be
    /// written after the log was read, and it stays in the log (readers apply every entry; Yjs ignores repeats).
    /// </summary>
    public async Task CompactExactAsync(string documentId, byte[] state, long seq, IReadOnlyList<long> folded, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = Command(connection,
            """
            INSERT INTO switchboard_document (id, state, seq, updated_at) VALUES (@id, @state, @seq, @now)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, seq = excluded.seq, updated_at = excluded.updated_at
            WHERE switchboard_document.seq <= excluded.seq
            """,
            ("@id", documentId), ("@state", state), ("@seq", seq), ("@now", time.Milliseconds())))
        {
            upsert.Transaction = transaction;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var chunk in folded.Chunk(500))
        {
            var names = chunk.Select((_, i) => "@s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var parameters = new List<(string, object)> { ("@id", documentId) };
            parameters.AddRange(chunk.Select((s, i) => (names[i], (object)s)));
            await using var delete = Command(connection,
                $"DELETE FROM switchboard_document_update WHERE document_id = @id AND seq IN ({string.Join(", ", names)})", [.. parameters]);
            delete.Transaction = transaction;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
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
        // The usual case, data an object: content set in place by the database's JSON function, one statement on a
        // plain connection.
        await using (var connection = await connections.OpenAsync(cancellationToken))
        await using (var patch = Command(connection, connections.IsPostgres
            ? "UPDATE note SET data = jsonb_set(data::jsonb, '{content}', CAST(@content AS jsonb), true)::json, updated_at = @now WHERE id = @id AND jsonb_typeof(data::jsonb) = 'object'"
            : "UPDATE note SET data = json_set(data, '$.content', json(@content)), updated_at = @now WHERE id = @id AND json_valid(data) AND json_type(data) = 'object'",
            ("@content", JsonColumn.Write(content)), ("@now", time.Nanoseconds()), ("@id", noteId)))
        {
            if (await patch.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return true;
            }
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
