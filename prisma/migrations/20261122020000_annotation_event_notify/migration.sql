-- Live updates (lib/realtime): every history event is announced with NOTIFY in the transaction
-- that writes it, so listeners hear of a change exactly when it commits, and never of one that
-- rolled back. The payload is small (ids only); listeners read the rest.
CREATE FUNCTION "assay_notify_annotation_event"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('assay_annotation_events', json_build_object(
    'id', NEW."id",
    'annotationId', NEW."annotationId",
    'documentId', (SELECT "documentId" FROM "Annotation" WHERE "id" = NEW."annotationId")
  )::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AnnotationEvent_notify" AFTER INSERT ON "AnnotationEvent"
  FOR EACH ROW EXECUTE FUNCTION "assay_notify_annotation_event"();
