-- Issue #13: the forecast board and the leaderboard read summaries, not every entry.
--
-- "ForecastSummary": one row per question, made with the question and kept current by a trigger in
-- the transaction of each entry: how many entries, how many forecasts are in force (each analyst's
-- latest entry, unless a withdrawal), their spread (population SD of the clipped log-odds, as
-- lib/forecasts/aggregate.ts `spread`), so the board sorts and pages in SQL. `scored` says whether
-- "ForecastScore" holds the question's scores; `scoresVersion` moves on whenever what they depend
-- on changes (outcome, resolution time, close time, resolve-by date, opening, the author's
-- probability, the document's publication date), which also drops the stored scores.
--
-- "ForecastScore": the scores of a resolved YES/NO question, one row per forecaster in the order
-- scoreQuestion (lib/forecasts/questions.ts) gives them, written by lib/forecasts/scoring.ts when
-- the question is resolved (or by the first read that finds it unscored); the leaderboard averages
-- them in SQL. `analystId` is null for the document's author.
CREATE TABLE "ForecastSummary" (
    "questionId" UUID NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 0,
    "inForce" INTEGER NOT NULL DEFAULT 0,
    "sdLogOdds" DOUBLE PRECISION,
    "lastEntryAt" TIMESTAMPTZ(3),
    "scored" BOOLEAN NOT NULL DEFAULT false,
    "scoresVersion" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ForecastSummary_pkey" PRIMARY KEY ("questionId")
);

CREATE TABLE "ForecastScore" (
    "questionId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "analystId" UUID,
    "probability" DOUBLE PRECISION,
    "brier" DOUBLE PRECISION,
    "log" DOUBLE PRECISION,
    "relativeBrier" DOUBLE PRECISION,
    "peer" DOUBLE PRECISION,
    "baseline" DOUBLE PRECISION,
    "timeBrier" DOUBLE PRECISION,
    "timeRelative" DOUBLE PRECISION,
    "coverage" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ForecastScore_pkey" PRIMARY KEY ("questionId","position")
);

CREATE INDEX "ForecastScore_analystId_idx" ON "ForecastScore"("analystId");

ALTER TABLE "ForecastSummary" ADD CONSTRAINT "ForecastSummary_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ForecastQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForecastScore" ADD CONSTRAINT "ForecastScore_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "ForecastQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForecastScore" ADD CONSTRAINT "ForecastScore_analystId_fkey" FOREIGN KEY ("analystId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The summary of one question from its entries (the caller holds its row lock).
CREATE FUNCTION "assay_forecast_summarize"(question UUID) RETURNS void AS $$
BEGIN
  UPDATE "ForecastSummary" s SET
    "entries" = agg.entries, "inForce" = agg.in_force, "sdLogOdds" = agg.sd, "lastEntryAt" = agg.last_at
  FROM (
    SELECT (SELECT count(*) FROM "ForecastEntry" e WHERE e."questionId" = question)::int AS entries,
      count(*)::int AS in_force,
      stddev_pop(ln(LEAST(0.999, GREATEST(0.001, l.probability)) / (1 - LEAST(0.999, GREATEST(0.001, l.probability))))) AS sd,
      (SELECT max(e."createdAt") FROM "ForecastEntry" e WHERE e."questionId" = question) AS last_at
    FROM (
      SELECT DISTINCT ON (e."analystId") e.probability, e.withdrawn
      FROM "ForecastEntry" e WHERE e."questionId" = question
      ORDER BY e."analystId", e.id DESC
    ) l
    WHERE NOT l.withdrawn AND l.probability IS NOT NULL
  ) agg
  WHERE s."questionId" = question;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION "assay_forecast_question_created"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "ForecastSummary" ("questionId") VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION "assay_forecast_unscore"(question UUID) RETURNS void AS $$
BEGIN
  UPDATE "ForecastSummary" SET "scored" = false, "scoresVersion" = "scoresVersion" + 1 WHERE "questionId" = question;
  DELETE FROM "ForecastScore" WHERE "questionId" = question;
END;
$$ LANGUAGE plpgsql;

-- Entries of one question take turns on its summary row; each then reads the entries with a
-- fresh snapshot, so two entries committed at once both count.
CREATE FUNCTION "assay_forecast_entry_added"() RETURNS trigger AS $$
BEGIN
  PERFORM 1 FROM "ForecastSummary" WHERE "questionId" = NEW."questionId" FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO "ForecastSummary" ("questionId") VALUES (NEW."questionId") ON CONFLICT DO NOTHING;
    PERFORM 1 FROM "ForecastSummary" WHERE "questionId" = NEW."questionId" FOR UPDATE;
  END IF;
  PERFORM "assay_forecast_summarize"(NEW."questionId");
  -- An entry on a resolved question (written by hand: the app refuses them) changes its scores.
  IF EXISTS (SELECT 1 FROM "ForecastQuestion" WHERE id = NEW."questionId" AND outcome IS NOT NULL) THEN
    PERFORM "assay_forecast_unscore"(NEW."questionId");
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION "assay_forecast_question_changed"() RETURNS trigger AS $$
BEGIN
  PERFORM "assay_forecast_unscore"(NEW.id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION "assay_forecast_document_published"() RETURNS trigger AS $$
BEGIN
  PERFORM "assay_forecast_unscore"(q.id) FROM "ForecastQuestion" q WHERE q."documentId" = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ForecastQuestion_summary" AFTER INSERT ON "ForecastQuestion"
  FOR EACH ROW EXECUTE FUNCTION "assay_forecast_question_created"();

CREATE TRIGGER "ForecastEntry_summary" AFTER INSERT ON "ForecastEntry"
  FOR EACH ROW EXECUTE FUNCTION "assay_forecast_entry_added"();

CREATE TRIGGER "ForecastQuestion_unscore" AFTER UPDATE ON "ForecastQuestion"
  FOR EACH ROW
  WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD."resolvedAt" IS DISTINCT FROM NEW."resolvedAt"
    OR OLD."closeAt" IS DISTINCT FROM NEW."closeAt" OR OLD."resolveBy" IS DISTINCT FROM NEW."resolveBy"
    OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."authorProbability" IS DISTINCT FROM NEW."authorProbability")
  EXECUTE FUNCTION "assay_forecast_question_changed"();

CREATE TRIGGER "Document_unscore" AFTER UPDATE ON "Document"
  FOR EACH ROW
  WHEN (OLD."publishedAt" IS DISTINCT FROM NEW."publishedAt")
  EXECUTE FUNCTION "assay_forecast_document_published"();

-- The questions there are already.
INSERT INTO "ForecastSummary" ("questionId") SELECT id FROM "ForecastQuestion";
SELECT "assay_forecast_summarize"(id) FROM "ForecastQuestion";
