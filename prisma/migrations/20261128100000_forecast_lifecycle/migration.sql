-- Issue #11: a question's lifecycle (close time, clarifications, re-opening) and withdrawals.

-- AlterTable: an admin's close time; without one a question closes at the end of its resolve-by date.
ALTER TABLE "ForecastQuestion" ADD COLUMN "closeAt" TIMESTAMPTZ(3);

-- AlterTable: a withdrawal is an entry without a probability (the analyst deleted their forecast passage).
ALTER TABLE "ForecastEntry" ADD COLUMN "withdrawn" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "probability" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ForecastClarification" (
    "id" BIGSERIAL NOT NULL,
    "questionId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForecastClarification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForecastReopening" (
    "id" BIGSERIAL NOT NULL,
    "questionId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "note" TEXT NOT NULL,
    "outcome" "ForecastOutcome" NOT NULL,
    "resolutionNote" TEXT,
    "resolutionSource" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForecastReopening_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ForecastClarification_questionId_id_idx" ON "ForecastClarification"("questionId", "id");

-- CreateIndex
CREATE INDEX "ForecastReopening_questionId_id_idx" ON "ForecastReopening"("questionId", "id");

-- AddForeignKey
ALTER TABLE "ForecastClarification" ADD CONSTRAINT "ForecastClarification_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ForecastQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastClarification" ADD CONSTRAINT "ForecastClarification_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastReopening" ADD CONSTRAINT "ForecastReopening_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ForecastQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastReopening" ADD CONSTRAINT "ForecastReopening_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForecastReopening" ADD CONSTRAINT "ForecastReopening_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Clarifications and re-openings are announced live (lib/forecasts/live.ts LISTENs; the board
-- follows GET /api/forecasts/events) in the transaction that writes them, as history events are.
CREATE FUNCTION "assay_notify_forecast_event"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_forecast_events', json_build_object(
    'type', CASE TG_TABLE_NAME WHEN 'ForecastClarification' THEN 'clarification' ELSE 'reopened' END,
    'id', NEW."id",
    'questionId', NEW."questionId"
  )::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ForecastClarification_notify" AFTER INSERT ON "ForecastClarification"
  FOR EACH ROW EXECUTE FUNCTION "assay_notify_forecast_event"();

CREATE TRIGGER "ForecastReopening_notify" AFTER INSERT ON "ForecastReopening"
  FOR EACH ROW EXECUTE FUNCTION "assay_notify_forecast_event"();
