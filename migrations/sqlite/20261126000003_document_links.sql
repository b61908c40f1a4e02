-- Document-scoped magic links and withdrawn invitations. Kept in step with
-- migrations/postgres/20261126000003_document_links.sql (the document wall there is a row-level-security policy; here
-- the scoped queries carry it).

ALTER TABLE auth_tokens ADD COLUMN revoked_at TEXT;
