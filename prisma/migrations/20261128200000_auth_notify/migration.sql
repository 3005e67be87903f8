-- Issue #13: each app instance keeps the acting users and API tokens it has seen in memory
-- (lib/users/actors.ts). The database announces on `assay_auth`, in the writing transaction, every
-- change that must reach them: an account's role, name or email changed or the account removed
-- (`user:<id>`), a token revoked or removed (`token:<sha-256 hex>`).
CREATE OR REPLACE FUNCTION assay_notify_auth_user() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_auth', 'user:' || OLD.id::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION assay_notify_auth_token() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_auth', 'token:' || OLD.hash);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "User_auth_changed"
  AFTER UPDATE ON "User"
  FOR EACH ROW
  WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION assay_notify_auth_user();

CREATE TRIGGER "User_auth_removed"
  AFTER DELETE ON "User"
  FOR EACH ROW
  EXECUTE FUNCTION assay_notify_auth_user();

CREATE TRIGGER "ApiToken_auth_changed"
  AFTER UPDATE ON "ApiToken"
  FOR EACH ROW
  WHEN (OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt" OR OLD.hash IS DISTINCT FROM NEW.hash OR OLD."userId" IS DISTINCT FROM NEW."userId")
  EXECUTE FUNCTION assay_notify_auth_token();

CREATE TRIGGER "ApiToken_auth_removed"
  AFTER DELETE ON "ApiToken"
  FOR EACH ROW
  EXECUTE FUNCTION assay_notify_auth_token();
