-- Open WebUI's tables (openwebui-schema.md §4, Alembic head of 0.11.3), created only in a database that has none of
-- them yet (SQLite types as SQLAlchemy declares them). Switchboard never alters these tables in a database it did not create.
CREATE TABLE IF NOT EXISTS "user" (
    id VARCHAR NOT NULL PRIMARY KEY,
    name VARCHAR,
    email VARCHAR,
    username VARCHAR(50),
    role VARCHAR,
    profile_image_url TEXT,
    profile_banner_image_url TEXT,
    bio TEXT,
    gender TEXT,
    date_of_birth DATE,
    timezone VARCHAR,
    presence_state VARCHAR,
    status_emoji VARCHAR,
    status_message TEXT,
    status_expires_at BIGINT,
    info JSON,
    settings JSON,
    oauth JSON,
    scim JSON,
    variables JSON,
    last_active_at BIGINT,
    updated_at BIGINT,
    created_at BIGINT
);
CREATE UNIQUE INDEX IF NOT EXISTS user_email_lower_idx ON "user" (lower(email));

CREATE TABLE IF NOT EXISTS auth (
    id VARCHAR NOT NULL PRIMARY KEY,
    email VARCHAR,
    password TEXT,
    active BOOLEAN
);

CREATE TABLE IF NOT EXISTS api_key (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT REFERENCES "user" (id) ON DELETE CASCADE,
    key TEXT NOT NULL UNIQUE,
    data JSON,
    expires_at BIGINT,
    last_used_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS "group" (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT,
    name TEXT,
    description TEXT,
    data JSON,
    meta JSON,
    permissions JSON,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE IF NOT EXISTS group_member (
    id TEXT NOT NULL PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES "group" (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    created_at BIGINT,
    updated_at BIGINT,
    UNIQUE (group_id, user_id)
);

CREATE TABLE IF NOT EXISTS access_grant (
    id TEXT NOT NULL PRIMARY KEY,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    principal_id TEXT NOT NULL,
    permission TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE INDEX IF NOT EXISTS idx_access_grant_resource ON access_grant (resource_type, resource_id);
CREATE INDEX IF NOT EXISTS idx_access_grant_principal ON access_grant (principal_type, principal_id);

CREATE TABLE IF NOT EXISTS channel (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT,
    type TEXT,
    name TEXT,
    description TEXT,
    is_private BOOLEAN,
    data JSON,
    meta JSON,
    created_at BIGINT,
    updated_at BIGINT,
    updated_by TEXT,
    archived_at BIGINT,
    archived_by TEXT,
    deleted_at BIGINT,
    deleted_by TEXT
);

CREATE TABLE IF NOT EXISTS channel_member (
    id TEXT NOT NULL PRIMARY KEY,
    channel_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT,
    status TEXT,
    is_active BOOLEAN NOT NULL DEFAULT 1,
    is_channel_muted BOOLEAN NOT NULL DEFAULT 0,
    is_channel_pinned BOOLEAN NOT NULL DEFAULT 0,
    data JSON,
    meta JSON,
    invited_by TEXT,
    invited_at BIGINT,
    joined_at BIGINT NOT NULL,
    left_at BIGINT,
    last_read_at BIGINT,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX IF NOT EXISTS idx_channel_member_user ON channel_member (user_id, channel_id);

CREATE TABLE IF NOT EXISTS message (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT,
    channel_id TEXT,
    reply_to_id TEXT,
    parent_id TEXT,
    is_pinned BOOLEAN NOT NULL DEFAULT 0,
    pinned_at BIGINT,
    pinned_by TEXT,
    content TEXT,
    data JSON,
    meta JSON,
    created_at BIGINT,
    updated_at BIGINT
);
CREATE INDEX IF NOT EXISTS idx_message_channel ON message (channel_id, created_at);

CREATE TABLE IF NOT EXISTS message_reaction (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT
);

CREATE TABLE IF NOT EXISTS note (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT,
    title TEXT,
    data JSON,
    meta JSON,
    created_at BIGINT,
    updated_at BIGINT
);

CREATE TABLE IF NOT EXISTS pinned_note (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL,
    note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
    created_at BIGINT,
    UNIQUE (user_id, note_id)
);

CREATE TABLE IF NOT EXISTS folder (
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    parent_id TEXT,
    name TEXT NOT NULL,
    items JSON,
    meta JSON,
    data JSON,
    is_expanded BOOLEAN NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (id, user_id)
);

CREATE TABLE IF NOT EXISTS chat (
    id VARCHAR NOT NULL PRIMARY KEY,
    user_id VARCHAR,
    title TEXT,
    chat JSON,
    created_at BIGINT,
    updated_at BIGINT,
    share_id TEXT UNIQUE,
    archived BOOLEAN,
    pinned BOOLEAN,
    meta JSON NOT NULL DEFAULT '{}',
    folder_id TEXT,
    tasks JSON,
    summary TEXT,
    last_read_at BIGINT,
    current_message_id TEXT,
    variables JSON,
    timer_at BIGINT
);
CREATE INDEX IF NOT EXISTS idx_chat_user_updated ON chat (user_id, updated_at DESC, id);

CREATE TABLE IF NOT EXISTS chat_message (
    id TEXT NOT NULL PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    user_id TEXT,
    role TEXT NOT NULL,
    parent_id TEXT,
    content JSON,
    output JSON,
    model_id TEXT,
    files JSON,
    sources JSON,
    embeds JSON,
    done BOOLEAN,
    status_history JSON,
    error JSON,
    usage JSON,
    created_at BIGINT,
    updated_at BIGINT,
    context_summary TEXT,
    meta JSON
);
CREATE INDEX IF NOT EXISTS idx_chat_message_chat ON chat_message (chat_id);

CREATE TABLE IF NOT EXISTS config (
    key TEXT NOT NULL PRIMARY KEY,
    value JSON NOT NULL,
    updated_at BIGINT
);
