-- Pull counts reach cached pages through the 'pulls' scope, which the indexer
-- bumps at most once a minute when it has counted pulls (docs/decisions/0013),
-- instead of through the repository's path and 'listings' on every pull batch:
-- those bumps threw away the cached home, category, publisher and repository
-- pages with every batch, and made 'listings' one row every batch wrote.
-- Repository.pulls leaves the update trigger's columns and DailyPulls loses its
-- triggers; every other change keeps bumping at once, in its own transaction.

DROP TRIGGER "Repository_page_update";
CREATE TRIGGER "Repository_page_update" AFTER UPDATE ON "Repository"
  WHEN OLD."path" IS NOT NEW."path"
    OR OLD."namespaceName" IS NOT NEW."namespaceName"
    OR OLD."name" IS NOT NEW."name"
    OR OLD."visibility" IS NOT NEW."visibility"
    OR OLD."inRegistry" IS NOT NEW."inRegistry"
    OR OLD."shortDescription" IS NOT NEW."shortDescription"
    OR OLD."about" IS NOT NEW."about"
    OR OLD."usage" IS NOT NEW."usage"
    OR OLD."defaultTag" IS NOT NEW."defaultTag"
    OR OLD."logo" IS NOT NEW."logo"
    OR OLD."createdAt" IS NOT NEW."createdAt"
    OR OLD."updatedAt" IS NOT NEW."updatedAt"
    OR OLD."revision" IS NOT NEW."revision"
    OR OLD."aboutHtml" IS NOT NEW."aboutHtml"
    OR OLD."usageHtml" IS NOT NEW."usageHtml"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES (OLD."path", 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES (NEW."path", 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

DROP TRIGGER "DailyPulls_page_insert";
DROP TRIGGER "DailyPulls_page_update";
DROP TRIGGER "DailyPulls_page_delete";
