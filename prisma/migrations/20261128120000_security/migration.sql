-- Issue 12: keep strangers out, hold under faults.

-- The security log an admin reads: sign-ins (success, failure), lockouts, invitations, role
-- changes, API tokens created and revoked. Append-only; `detail` says the rest.
CREATE TABLE "SecurityEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "actorId" UUID,
    "email" TEXT,
    "ip" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "SecurityEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "SecurityEvent_at_idx" ON "SecurityEvent"("at");
ALTER TABLE "SecurityEvent" ADD CONSTRAINT "SecurityEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Invitations: a link (its token stored hashed) with a role and an expiry, revocable, used once.
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT,
    "role" "Role" NOT NULL DEFAULT 'ANALYST',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "revokedAt" TIMESTAMPTZ(3),
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedById" UUID,
    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_acceptedById_fkey" FOREIGN KEY ("acceptedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Email domains whose owners may sign up without an invitation (as analysts).
CREATE TABLE "SignupDomain" (
    "domain" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SignupDomain_pkey" PRIMARY KEY ("domain")
);

-- rate-limiter-flexible's PostgreSQL store (its own layout), so limits hold across app instances.
CREATE TABLE "RateLimit" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- Live-update replay in commit-safe order (lib/realtime/hub.ts): each history event records the
-- id of the transaction that wrote it. Rows already here were all committed long ago: 0.
ALTER TABLE "AnnotationEvent" ADD COLUMN "xid" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "AnnotationEvent" ALTER COLUMN "xid" SET DEFAULT (pg_current_xact_id()::text)::bigint;
CREATE INDEX "AnnotationEvent_xid_id_idx" ON "AnnotationEvent"("xid", "id");
