namespace Switchboard.Server.Documents;

/// <summary>
/// Switchboard's document tables, created (if missing) in every database it uses. <c>switchboard_document</c> holds
/// each document's merged state; <c>switchboard_document_update</c> is the log of updates accepted since, folded into
/// the state and deleted in one transaction by compaction, so neither grows without bound (G5).
/// </summary>
internal static class DocumentSchema
{
    // state: a Yjs v1 update holding the whole document, with the log folded in up to seq.
    // updated_at / created_at: epoch milliseconds.
    public const string Sqlite = """
        CREATE TABLE IF NOT EXISTS switchboard_document (
            id TEXT NOT NULL PRIMARY KEY,
            state BLOB NOT NULL,
            seq BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS switchboard_document_update (
            document_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            data BLOB NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (document_id, seq)
        );
        """;

    public const string Postgres = """
        CREATE TABLE IF NOT EXISTS switchboard_document (
            id text NOT NULL PRIMARY KEY,
            state bytea NOT NULL,
            seq bigint NOT NULL,
            updated_at bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS switchboard_document_update (
            document_id text NOT NULL,
            seq bigint NOT NULL,
            data bytea NOT NULL,
            created_at bigint NOT NULL,
            PRIMARY KEY (document_id, seq)
        );
        """;
}
