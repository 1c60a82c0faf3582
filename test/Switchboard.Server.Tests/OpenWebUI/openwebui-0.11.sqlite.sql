-- An Open WebUI 0.11 database as its Alembic migrations leave it on SQLite (SQLAlchemy's DDL style), written from
-- ../shared/spec/openwebui-schema.md. Used by OpenWebUIDatabaseTests: the server must use it as it is.
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('a1b2c3d4e5f6');
CREATE TABLE "user" (
	id VARCHAR NOT NULL, name VARCHAR, email VARCHAR, username VARCHAR(50), role VARCHAR, profile_image_url TEXT,
	profile_banner_image_url TEXT, bio TEXT, gender TEXT, date_of_birth DATE, timezone VARCHAR, presence_state VARCHAR,
	status_emoji VARCHAR, status_message TEXT, status_expires_at BIGINT, info JSON, settings JSON, oauth JSON, scim JSON,
	variables JSON, last_active_at BIGINT, updated_at BIGINT, created_at BIGINT,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_user_email_lower ON "user" (lower(email));
CREATE TABLE auth (id VARCHAR NOT NULL, email VARCHAR, password TEXT, active BOOLEAN, PRIMARY KEY (id));
CREATE TABLE api_key (
	id TEXT NOT NULL, user_id TEXT, "key" TEXT NOT NULL, data JSON, expires_at BIGINT, last_used_at BIGINT,
	created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
	PRIMARY KEY (id), UNIQUE ("key"), FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE
);
CREATE TABLE "group" (
	id TEXT NOT NULL, user_id TEXT, name TEXT, description TEXT, data JSON, meta JSON, permissions JSON,
	created_at BIGINT, updated_at BIGINT, PRIMARY KEY (id)
);
CREATE TABLE group_member (
	id TEXT NOT NULL, group_id TEXT NOT NULL, user_id TEXT NOT NULL, created_at BIGINT, updated_at BIGINT,
	PRIMARY KEY (id), CONSTRAINT uq_group_member_group_user UNIQUE (group_id, user_id),
	FOREIGN KEY(group_id) REFERENCES "group" (id) ON DELETE CASCADE, FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE
);
CREATE TABLE access_grant (
	id TEXT NOT NULL, resource_type TEXT NOT NULL, resource_id TEXT NOT NULL, principal_type TEXT NOT NULL,
	principal_id TEXT NOT NULL, permission TEXT NOT NULL, created_at BIGINT NOT NULL,
	PRIMARY KEY (id), CONSTRAINT uq_access_grant UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE TABLE channel (
	id TEXT NOT NULL, user_id TEXT, type TEXT, name TEXT, description TEXT, is_private BOOLEAN, data JSON, meta JSON,
	created_at BIGINT, updated_at BIGINT, updated_by TEXT, archived_at BIGINT, archived_by TEXT, deleted_at BIGINT,
	deleted_by TEXT, PRIMARY KEY (id)
);
CREATE TABLE channel_member (
	id TEXT NOT NULL, channel_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT, status TEXT,
	is_active BOOLEAN DEFAULT 1 NOT NULL, is_channel_muted BOOLEAN DEFAULT 0 NOT NULL, is_channel_pinned BOOLEAN DEFAULT 0 NOT NULL,
	data JSON, meta JSON, invited_by TEXT, invited_at BIGINT, joined_at BIGINT NOT NULL, left_at BIGINT, last_read_at BIGINT,
	created_at BIGINT, updated_at BIGINT, PRIMARY KEY (id)
);
CREATE TABLE message (
	id TEXT NOT NULL, user_id TEXT, channel_id TEXT, reply_to_id TEXT, parent_id TEXT, is_pinned BOOLEAN DEFAULT 0 NOT NULL,
	pinned_at BIGINT, pinned_by TEXT, content TEXT, data JSON, meta JSON, created_at BIGINT, updated_at BIGINT,
	PRIMARY KEY (id)
);
CREATE TABLE message_reaction (id TEXT NOT NULL, user_id TEXT NOT NULL, message_id TEXT NOT NULL, name TEXT NOT NULL, created_at BIGINT, PRIMARY KEY (id));
CREATE TABLE note (id TEXT NOT NULL, user_id TEXT, title TEXT, data JSON, meta JSON, created_at BIGINT, updated_at BIGINT, PRIMARY KEY (id));
CREATE TABLE folder (
	id TEXT NOT NULL, user_id TEXT NOT NULL, parent_id TEXT, name TEXT NOT NULL, items JSON, meta JSON, data JSON,
	is_expanded BOOLEAN NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (id, user_id)
);
CREATE TABLE chat (
	id VARCHAR NOT NULL, user_id VARCHAR, title TEXT, chat JSON, created_at BIGINT, updated_at BIGINT, share_id TEXT,
	archived BOOLEAN, pinned BOOLEAN, meta JSON DEFAULT '{}' NOT NULL, folder_id TEXT, tasks JSON, summary TEXT,
	last_read_at BIGINT, current_message_id TEXT, variables JSON, timer_at BIGINT,
	PRIMARY KEY (id), UNIQUE (share_id)
);
CREATE INDEX user_id_updated_at_idx ON chat (user_id, updated_at DESC, id);
CREATE TABLE chat_message (
	id TEXT NOT NULL, chat_id TEXT NOT NULL, user_id TEXT, role TEXT NOT NULL, parent_id TEXT, content JSON, output JSON,
	model_id TEXT, files JSON, sources JSON, embeds JSON, done BOOLEAN, status_history JSON, error JSON, usage JSON,
	created_at BIGINT, updated_at BIGINT, context_summary TEXT, meta JSON,
	PRIMARY KEY (id), FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE
);
CREATE TABLE config (key TEXT NOT NULL, value JSON NOT NULL, updated_at BIGINT, PRIMARY KEY (key));
CREATE TABLE file (id VARCHAR NOT NULL, user_id VARCHAR, filename TEXT, meta JSON, created_at BIGINT, PRIMARY KEY (id));
CREATE TABLE tag (id VARCHAR NOT NULL, name VARCHAR, user_id VARCHAR NOT NULL, meta JSON, PRIMARY KEY (id, user_id));
