-- An Open WebUI 0.11 database as its Alembic migrations leave it on PostgreSQL (SQLAlchemy's DDL style), written from
-- ../shared/spec/openwebui-schema.md. Used by OpenWebUIDatabaseTests: the server must use it as it is.
CREATE TABLE alembic_version (
	version_num character varying(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('a1b2c3d4e5f6');
CREATE TABLE "user" (
	id character varying NOT NULL, name character varying, email character varying, username character varying(50), role character varying, profile_image_url text,
	profile_banner_image_url text, bio text, gender text, date_of_birth date, timezone character varying, presence_state character varying,
	status_emoji character varying, status_message text, status_expires_at bigint, info json, settings json, oauth json, scim json,
	variables json, last_active_at bigint, updated_at bigint, created_at bigint,
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_user_email_lower ON "user" (lower(email));
CREATE TABLE auth (id character varying NOT NULL, email character varying, password text, active boolean, PRIMARY KEY (id));
CREATE TABLE api_key (
	id text NOT NULL, user_id text, "key" text NOT NULL, data json, expires_at bigint, last_used_at bigint,
	created_at bigint NOT NULL, updated_at bigint NOT NULL,
	PRIMARY KEY (id), UNIQUE ("key"), FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE
);
CREATE TABLE "group" (
	id text NOT NULL, user_id text, name text, description text, data json, meta json, permissions json,
	created_at bigint, updated_at bigint, PRIMARY KEY (id)
);
CREATE TABLE group_member (
	id text NOT NULL, group_id text NOT NULL, user_id text NOT NULL, created_at bigint, updated_at bigint,
	PRIMARY KEY (id), CONSTRAINT uq_group_member_group_user UNIQUE (group_id, user_id),
	FOREIGN KEY(group_id) REFERENCES "group" (id) ON DELETE CASCADE, FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE
);
CREATE TABLE access_grant (
	id text NOT NULL, resource_type text NOT NULL, resource_id text NOT NULL, principal_type text NOT NULL,
	principal_id text NOT NULL, permission text NOT NULL, created_at bigint NOT NULL,
	PRIMARY KEY (id), CONSTRAINT uq_access_grant UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE TABLE channel (
	id text NOT NULL, user_id text, type text, name text, description text, is_private boolean, data json, meta json,
	created_at bigint, updated_at bigint, updated_by text, archived_at bigint, archived_by text, deleted_at bigint,
	deleted_by text, PRIMARY KEY (id)
);
CREATE TABLE channel_member (
	id text NOT NULL, channel_id text NOT NULL, user_id text NOT NULL, role text, status text,
	is_active boolean DEFAULT true NOT NULL, is_channel_muted boolean DEFAULT false NOT NULL, is_channel_pinned boolean DEFAULT false NOT NULL,
	data json, meta json, invited_by text, invited_at bigint, joined_at bigint NOT NULL, left_at bigint, last_read_at bigint,
	created_at bigint, updated_at bigint, PRIMARY KEY (id)
);
CREATE TABLE message (
	id text NOT NULL, user_id text, channel_id text, reply_to_id text, parent_id text, is_pinned boolean DEFAULT false NOT NULL,
	pinned_at bigint, pinned_by text, content text, data json, meta json, created_at bigint, updated_at bigint,
	PRIMARY KEY (id)
);
CREATE TABLE message_reaction (id text NOT NULL, user_id text NOT NULL, message_id text NOT NULL, name text NOT NULL, created_at bigint, PRIMARY KEY (id));
CREATE TABLE note (id text NOT NULL, user_id text, title text, data json, meta json, created_at bigint, updated_at bigint, PRIMARY KEY (id));
CREATE TABLE folder (
	id text NOT NULL, user_id text NOT NULL, parent_id text, name text NOT NULL, items json, meta json, data json,
	is_expanded boolean NOT NULL, created_at bigint NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (id, user_id)
);
CREATE TABLE chat (
	id character varying NOT NULL, user_id character varying, title text, chat json, created_at bigint, updated_at bigint, share_id text,
	archived boolean, pinned boolean, meta json DEFAULT '{}' NOT NULL, folder_id text, tasks json, summary text,
	last_read_at bigint, current_message_id text, variables json, timer_at bigint,
	PRIMARY KEY (id), UNIQUE (share_id)
);
CREATE INDEX user_id_updated_at_idx ON chat (user_id, updated_at DESC, id);
CREATE TABLE chat_message (
	id text NOT NULL, chat_id text NOT NULL, user_id text, role text NOT NULL, parent_id text, content json, output json,
	model_id text, files json, sources json, embeds json, done boolean, status_history json, error json, usage json,
	created_at bigint, updated_at bigint, context_summary text, meta json,
	PRIMARY KEY (id), FOREIGN KEY(chat_id) REFERENCES chat (id) ON DELETE CASCADE
);
CREATE TABLE config (key text NOT NULL, value json NOT NULL, updated_at bigint, PRIMARY KEY (key));
CREATE TABLE file (id character varying NOT NULL, user_id character varying, filename text, meta json, created_at bigint, PRIMARY KEY (id));
CREATE TABLE tag (id character varying NOT NULL, name character varying, user_id character varying NOT NULL, meta json, PRIMARY KEY (id, user_id));
