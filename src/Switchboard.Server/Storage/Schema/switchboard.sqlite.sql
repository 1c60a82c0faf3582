-- Switchboard's own tables (prefixed switchboard_), created in every database Switchboard uses.
CREATE TABLE IF NOT EXISTS switchboard_meta (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

-- Revoked tokens (by jti) and user-wide revocation times (epoch seconds, tokens with iat <= revoked_at are refused),
-- Open WebUI's {prefix}:auth:token:{jti}:revoked and {prefix}:auth:user:{id}:revoked_at kept in the database.
-- recorded_at (epoch ms) lets every instance find revocations recorded by the others.
CREATE TABLE IF NOT EXISTS switchboard_revoked_token (
    jti TEXT NOT NULL PRIMARY KEY,
    user_id TEXT,
    expires_at BIGINT,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_switchboard_revoked_token_recorded ON switchboard_revoked_token (recorded_at);

CREATE TABLE IF NOT EXISTS switchboard_user_revocation (
    user_id TEXT NOT NULL PRIMARY KEY,
    revoked_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_switchboard_user_revocation_recorded ON switchboard_user_revocation (recorded_at);

-- Documents: switchboard_document holds each document's merged state (a Yjs v1 update holding the whole document,
-- with the log folded in up to seq); switchboard_document_update is the log of updates accepted since, folded into the
-- state and deleted in one transaction by compaction, so neither grows without bound (G5). Times are epoch ms.
CREATE TABLE IF NOT EXISTS switchboard_document (
    id TEXT NOT NULL PRIMARY KEY,
    state BLOB NOT NULL,
    seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- WITHOUT ROWID (its rows are small): one B-tree in key order, so an append writes one page and a compaction's delete
-- the few pages of that document (a rowid table and its key index wrote two, and a page per entry deleted).
CREATE TABLE IF NOT EXISTS switchboard_document_update (
    document_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BLOB NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;
