-- CreateTable
CREATE TABLE "PageGeneration" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "generation" INTEGER NOT NULL DEFAULT 0
);

-- The response cache's generations (docs/decisions/0013): a stored public page is
-- served only while the generations it was rendered at are unchanged. Scopes: a
-- repository's path (its page, tabs and tags), 'listings' (home, categories,
-- publishers' pages) and 'publishers' (names and badges shown on every repository
-- page). Bumped here, in the transaction of the write itself, whichever process
-- or path writes (web app, CLI, indexer, raw SQL). A row missing reads as 0.
-- Plain SQL apart from "IS NOT" (PostgreSQL: IS DISTINCT FROM).

CREATE TRIGGER "Repository_page_insert" AFTER INSERT ON "Repository"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES (NEW."path", 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Repository_page_delete" AFTER DELETE ON "Repository"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES (OLD."path", 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

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
    OR OLD."pulls" IS NOT NEW."pulls"
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

CREATE TRIGGER "Tag_page_insert" AFTER INSERT ON "Tag"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Tag_page_update" AFTER UPDATE ON "Tag"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Tag_page_delete" AFTER DELETE ON "Tag"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Attachment_page_insert" AFTER INSERT ON "Attachment"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Attachment_page_update" AFTER UPDATE ON "Attachment"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Attachment_page_delete" AFTER DELETE ON "Attachment"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "DailyPulls_page_insert" AFTER INSERT ON "DailyPulls"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "DailyPulls_page_update" AFTER UPDATE ON "DailyPulls"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "DailyPulls_page_delete" AFTER DELETE ON "DailyPulls"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "RepositoryLogo_page_insert" AFTER INSERT ON "RepositoryLogo"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "RepositoryLogo_page_update" AFTER UPDATE ON "RepositoryLogo"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "RepositoryLogo_page_delete" AFTER DELETE ON "RepositoryLogo"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "RepositoryCategory_page_insert" AFTER INSERT ON "RepositoryCategory"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "RepositoryCategory_page_update" AFTER UPDATE ON "RepositoryCategory"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = NEW."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "RepositoryCategory_page_delete" AFTER DELETE ON "RepositoryCategory"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = OLD."repositoryId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Platform_page_insert" AFTER INSERT ON "Platform"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT r."path", 1 FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" WHERE t."id" = NEW."tagId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Platform_page_update" AFTER UPDATE ON "Platform"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT r."path", 1 FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" WHERE t."id" = OLD."tagId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT r."path", 1 FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" WHERE t."id" = NEW."tagId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Platform_page_delete" AFTER DELETE ON "Platform"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT r."path", 1 FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" WHERE t."id" = OLD."tagId"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "PlatformDetails_page_update" AFTER UPDATE OF "details" ON "PlatformDetails"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT DISTINCT r."path", 1 FROM "Platform" p JOIN "Tag" t ON t."id" = p."tagId" JOIN "Repository" r ON r."id" = t."repositoryId" WHERE p."digest" = NEW."digest"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Namespace_page_insert" AFTER INSERT ON "Namespace"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('publishers', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Namespace_page_update" AFTER UPDATE OF "publisherId" ON "Namespace"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('publishers', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Namespace_page_delete" AFTER DELETE ON "Namespace"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('publishers', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Publisher_page_update" AFTER UPDATE OF "displayName", "verified", "official" ON "Publisher"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('publishers', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;

CREATE TRIGGER "Publisher_page_delete" AFTER DELETE ON "Publisher"
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('publishers', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES ('listings', 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
END;
