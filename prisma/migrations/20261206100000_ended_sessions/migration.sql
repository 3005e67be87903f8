-- Signing out ends the session on the server (README, Security). Each session JWT carries a random
-- `sid` made at sign-in (lib/auth.ts); signing out records it here, and every app instance refuses a
-- JWT whose session has ended (lib/users/sessions.ts). A row is needed only while a JWT of its session
-- could still be valid: `expiresAt` is past the last such expiry, after which the row may be deleted
-- (the next sign-out deletes those past it).
--
-- The instances keep what they have learnt of a session in their actor cache (lib/users/actors.ts), so
-- a new row is announced on `assay_auth` (`session:<sid>`) in the writing transaction, as role changes
-- and revoked tokens are (migration 20261128200000_auth_notify): every instance refuses the session
-- within milliseconds of the commit. Deleting rows is not announced: only expired sessions' rows are
-- deleted, and their JWTs are refused as expired anyway.
--
-- No change trigger (`assay_changes`): no cached answer reads this table (lib/db/writes.ts UNCACHED_MODELS).
CREATE TABLE "EndedSession" (
    "sid" UUID NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EndedSession_pkey" PRIMARY KEY ("sid")
);

CREATE INDEX "EndedSession_expiresAt_idx" ON "EndedSession"("expiresAt");

CREATE OR REPLACE FUNCTION assay_notify_auth_session() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_auth', 'session:' || NEW.sid::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "EndedSession_auth_ended"
  AFTER INSERT ON "EndedSession"
  FOR EACH ROW
  EXECUTE FUNCTION assay_notify_auth_session();
