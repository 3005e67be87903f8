-- Issue #13: each app instance answers repeated reads (the library, a document's annotations) from
-- memory until something they show may have changed (lib/realtime/reads.ts). Every statement that
-- writes one of these tables announces itself on `assay_changes` in the writing transaction, so the
-- announcement arrives after the commit, on every instance, whoever wrote: the app, a script, raw SQL.
-- The payload is empty, so a transaction sends one announcement however many statements and tables
-- it writes (PostgreSQL folds identical notifications of a transaction into one).
--
-- Not announced: tables no cached answer reads and that are written on hot paths that must not empty
-- the caches: "ApiToken" (its last use), "Presence" (heartbeats), "RateLimit", "SecurityEvent". The
-- list is held by lib/realtime/reads.int.test.ts: a new table gets a trigger or joins that list.
CREATE OR REPLACE FUNCTION assay_notify_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_changes', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['User', 'Document', 'DocumentRevision', 'DocumentPassage', 'ReadingDone', 'Annotation', 'Reply',
    'ForecastQuestion', 'ForecastSummary', 'ForecastScore', 'ForecastClarification', 'ForecastReopening', 'ForecastEntry',
    'Source', 'AnnotationEvent', 'Invitation', 'SignupDomain', 'DisagreementReview']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION assay_notify_change()',
      t || '_changed', t);
  END LOOP;
END;
$$;
