-- Open WebUI's tables (openwebui-schema.md §4, Alembic head of 0.11.3), created only in a database that has none of
-- them yet. Switchboard never alters these tables in a database it did not create.
CREATE TABLE IF NOT EXISTS "user" (
    id character varying NOT NULL PRIMARY KEY,
    name character varying,
    email character varying,
    username character varying(50),
    role character varying,
    profile_image_url text,
    profile_banner_image_url text,
    bio text,
    gender text,
    date_of_birth date,
    timezone character varying,
    presence_state character varying,
    status_emoji character varying,
    status_message text,
    status_expires_at bigint,
    info json,
    settings json,
    oauth json,
    scim json,
    variables json,
    last_active_at bigint,
    updated_at bigint,
    created_at bigint
);
CREATE UNIQUE INDEX IF NOT EXISTS user_email_lower_idx ON "user" (lower(email));

CREATE TABLE IF NOT EXISTS auth (
    id character varying NOT NULL PRIMARY KEY,
    email character varying,
    password text,
    active boolean
);

CREATE TABLE IF NOT EXISTS api_key (
    id text NOT NULL PRIMARY KEY,
    user_id text REFERENCES "user" (id) ON DELETE CASCADE,
    key text NOT NULL UNIQUE,
    data json,
    expires_at bigint,
    last_used_at bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS "group" (
    id text NOT NULL PRIMARY KEY,
    user_id text,
    name text,
    description text,
    data json,
    meta json,
    permissions json,
    created_at bigint,
    updated_at bigint
);

CREATE TABLE IF NOT EXISTS group_member (
    id text NOT NULL PRIMARY KEY,
    group_id text NOT NULL REFERENCES "group" (id) ON DELETE CASCADE,
    user_id text NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    created_at bigint,
    updated_at bigint,
    UNIQUE (group_id, user_id)
);

CREATE TABLE IF NOT EXISTS access_grant (
    id text NOT NULL PRIMARY KEY,
    resource_type text NOT NULL,
    resource_id text NOT NULL,
    principal_type text NOT NULL,
    principal_id text NOT NULL,
    permission text NOT NULL,
    created_at bigint NOT NULL,
    UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE INDEX IF NOT EXISTS idx_access_grant_resource ON access_grant (resource_type, resource_id);
CREATE INDEX IF NOT EXISTS idx_access_grant_principal ON access_grant (principal_type, principal_id);

CREATE TABLE IF NOT EXISTS channel (
    id text NOT NULL PRIMARY KEY,
    user_id text,
    type text,
    name text,
    description text,
    is_private boolean,
    data json,
    meta json,
    created_at bigint,
    updated_at bigint,
    updated_by text,
    archived_at bigint,
    archived_by text,
    deleted_at bigint,
    deleted_by text
);

CREATE TABLE IF NOT EXISTS channel_member (
    id text NOT NULL PRIMARY KEY,
    channel_id text NOT NULL,
    user_id text NOT NULL,
    role text,
    status text,
    is_active boolean NOT NULL DEFAULT true,
    is_channel_muted boolean NOT NULL DEFAULT false,
    is_channel_pinned boolean NOT NULL DEFAULT false,
    data json,
    meta json,
    invited_by text,
    invited_at bigint,
    joined_at bigint NOT NULL,
    left_at bigint,
    last_read_at bigint,
    created_at bigint,
    updated_at bigint
);
CREATE INDEX IF NOT EXISTS idx_channel_member_user ON channel_member (user_id, channel_id);

CREATE TABLE IF NOT EXISTS message (
    id text NOT NULL PRIMARY KEY,
    user_id text,
    channel_id text,
    reply_to_id text,
    parent_id text,
    is_pinned boolean NOT NULL DEFAULT false,
    pinned_at bigint,
    pinned_by text,
    content text,
    data json,
    meta json,
    created_at bigint,
    updated_at bigint
);
CREATE INDEX IF NOT EXISTS idx_message_channel ON message (channel_id, created_at);

CREATE TABLE IF NOT EXISTS message_reaction (
    id text NOT NULL PRIMARY KEY,
    user_id text NOT NULL,
    message_id text NOT NULL,
    name text NOT NULL,
    created_at bigint
);

CREATE TABLE IF NOT EXISTS note (
    id text NOT NULL PRIMARY KEY,
    user_id text,
    title text,
    data json,
    meta json,
    created_at bigint,
    updated_at bigint
);

CREATE TABLE IF NOT EXISTS pinned_note (
    id text NOT NULL PRIMARY KEY,
    user_id text NOT NULL,
    note_id text NOT NULL REFERENCES note (id) ON DELETE CASCADE,
    created_at bigint,
    UNIQUE (user_id, note_id)
);

CREATE TABLE IF NOT EXISTS folder (
    id text NOT NULL,
    user_id text NOT NULL,
    parent_id text,
    name text NOT NULL,
    items json,
    meta json,
    data json,
    is_expanded boolean NOT NULL DEFAULT false,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    PRIMARY KEY (id, user_id)
);

CREATE TABLE IF NOT EXISTS chat (
    id character varying NOT NULL PRIMARY KEY,
    user_id character varying,
    title text,
    chat json,
    created_at bigint,
    updated_at bigint,
    share_id text UNIQUE,
    archived boolean,
    pinned boolean,
    meta json NOT NULL DEFAULT '{}',
    folder_id text,
    tasks json,
    summary text,
    last_read_at bigint,
    current_message_id text,
    variables json,
    timer_at bigint
);
CREATE INDEX IF NOT EXISTS idx_chat_user_updated ON chat (user_id, updated_at DESC, id);

CREATE TABLE IF NOT EXISTS chat_message (
    id text NOT NULL PRIMARY KEY,
    chat_id text NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    user_id text,
    role text NOT NULL,
    parent_id text,
    content json,
    output json,
    model_id text,
    files json,
    sources json,
    embeds json,
    done boolean,
    status_history json,
    error json,
    usage json,
    created_at bigint,
    updated_at bigint,
    context_summary text,
    meta json
);
CREATE INDEX IF NOT EXISTS idx_chat_message_chat ON chat_message (chat_id);

CREATE TABLE IF NOT EXISTS config (
    key text NOT NULL PRIMARY KEY,
    value json NOT NULL,
    updated_at bigint
);
