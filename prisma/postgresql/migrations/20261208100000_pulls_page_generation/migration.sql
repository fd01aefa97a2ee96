-- The PL/pgSQL form of the SQLite migration: pull counts reach cached pages
-- through the 'pulls' scope, which the indexer bumps at most once a minute
-- (docs/decisions/0013), no longer through the repository's path and
-- 'listings' in every pull batch (one row every SERIALIZABLE batch wrote).

DROP TRIGGER "Repository_page_update" ON "Repository";
CREATE TRIGGER "Repository_page_update" AFTER UPDATE ON "Repository"
FOR EACH ROW WHEN (OLD."path" IS DISTINCT FROM NEW."path"
    OR OLD."namespaceName" IS DISTINCT FROM NEW."namespaceName"
    OR OLD."name" IS DISTINCT FROM NEW."name"
    OR OLD."visibility" IS DISTINCT FROM NEW."visibility"
    OR OLD."inRegistry" IS DISTINCT FROM NEW."inRegistry"
    OR OLD."shortDescription" IS DISTINCT FROM NEW."shortDescription"
    OR OLD."about" IS DISTINCT FROM NEW."about"
    OR OLD."usage" IS DISTINCT FROM NEW."usage"
    OR OLD."defaultTag" IS DISTINCT FROM NEW."defaultTag"
    OR OLD."logo" IS DISTINCT FROM NEW."logo"
    OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
    OR OLD."updatedAt" IS DISTINCT FROM NEW."updatedAt"
    OR OLD."revision" IS DISTINCT FROM NEW."revision"
    OR OLD."aboutHtml" IS DISTINCT FROM NEW."aboutHtml"
    OR OLD."usageHtml" IS DISTINCT FROM NEW."usageHtml")
EXECUTE FUNCTION "Repository_page"();

DROP TRIGGER "DailyPulls_page" ON "DailyPulls";
DROP FUNCTION "DailyPulls_page"();
