-- CreateTable
CREATE TABLE "PageGeneration" (
    "scope" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PageGeneration_pkey" PRIMARY KEY ("scope")
);

-- The response cache's generations (docs/decisions/0013), bumped in the
-- transaction of every change a public page shows: the PL/pgSQL form of the
-- SQLite migration's triggers, on the same events and conditions
-- ("IS NOT" as IS DISTINCT FROM), bumping the same scopes in the same order
-- (tests/postgres-migrations.test.ts runs the same writes on both). Row
-- triggers fire per row on both; AFTER row triggers run here at the end of
-- their statement, which changes no count: bumps only add, and a row deleted
-- by a cascade finds its parent already gone on both (no bump).

-- One scope, a missing row reading as 0.
CREATE FUNCTION "PageGeneration_bump"(page TEXT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "PageGeneration" ("scope", "generation") VALUES (page, 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1
$$;

-- A repository's path, if it (still) exists.
CREATE FUNCTION "PageGeneration_bump_repository"(repository INTEGER) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT "path", 1 FROM "Repository" WHERE "id" = repository
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1
$$;

-- The path of a tag's repository, if both (still) exist.
CREATE FUNCTION "PageGeneration_bump_tag"(tag INTEGER) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT r."path", 1 FROM "Tag" t JOIN "Repository" r ON r."id" = t."repositoryId" WHERE t."id" = tag
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1
$$;

CREATE FUNCTION "Repository_page"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "PageGeneration_bump"(OLD."path"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "PageGeneration_bump"(NEW."path"); END IF;
  PERFORM "PageGeneration_bump"('listings');
  RETURN NULL;
END
$$;
CREATE TRIGGER "Repository_page_insert" AFTER INSERT ON "Repository"
FOR EACH ROW EXECUTE FUNCTION "Repository_page"();
CREATE TRIGGER "Repository_page_delete" AFTER DELETE ON "Repository"
FOR EACH ROW EXECUTE FUNCTION "Repository_page"();
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
    OR OLD."pulls" IS DISTINCT FROM NEW."pulls"
    OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
    OR OLD."updatedAt" IS DISTINCT FROM NEW."updatedAt"
    OR OLD."revision" IS DISTINCT FROM NEW."revision"
    OR OLD."aboutHtml" IS DISTINCT FROM NEW."aboutHtml"
    OR OLD."usageHtml" IS DISTINCT FROM NEW."usageHtml")
EXECUTE FUNCTION "Repository_page"();

-- Rows of a repository's page (Tag, Attachment, RepositoryLogo,
-- RepositoryCategory): the old row's repository, then the new one's, then the
-- trigger's argument if any (a scope such as 'listings').
CREATE FUNCTION "PageGeneration_repository_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "PageGeneration_bump_repository"(OLD."repositoryId"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "PageGeneration_bump_repository"(NEW."repositoryId"); END IF;
  IF TG_NARGS > 0 THEN PERFORM "PageGeneration_bump"(TG_ARGV[0]); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Tag_page" AFTER INSERT OR UPDATE OR DELETE ON "Tag"
FOR EACH ROW EXECUTE FUNCTION "PageGeneration_repository_row"();
CREATE TRIGGER "Attachment_page" AFTER INSERT OR UPDATE OR DELETE ON "Attachment"
FOR EACH ROW EXECUTE FUNCTION "PageGeneration_repository_row"();
CREATE TRIGGER "RepositoryLogo_page" AFTER INSERT OR UPDATE OR DELETE ON "RepositoryLogo"
FOR EACH ROW EXECUTE FUNCTION "PageGeneration_repository_row"();
CREATE TRIGGER "RepositoryCategory_page" AFTER INSERT OR UPDATE OR DELETE ON "RepositoryCategory"
FOR EACH ROW EXECUTE FUNCTION "PageGeneration_repository_row"('listings');

-- Daily pulls: an update bumps the new row's repository only, as in SQLite.
CREATE FUNCTION "DailyPulls_page"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM "PageGeneration_bump_repository"(OLD."repositoryId");
  ELSE
    PERFORM "PageGeneration_bump_repository"(NEW."repositoryId");
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "DailyPulls_page" AFTER INSERT OR UPDATE OR DELETE ON "DailyPulls"
FOR EACH ROW EXECUTE FUNCTION "DailyPulls_page"();

CREATE FUNCTION "Platform_page"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "PageGeneration_bump_tag"(OLD."tagId"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "PageGeneration_bump_tag"(NEW."tagId"); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Platform_page" AFTER INSERT OR UPDATE OR DELETE ON "Platform"
FOR EACH ROW EXECUTE FUNCTION "Platform_page"();

-- DISTINCT as in SQLite, and needed here too: an upsert may not touch a row twice.
CREATE FUNCTION "PlatformDetails_page_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PageGeneration" ("scope", "generation")
    SELECT DISTINCT r."path", 1 FROM "Platform" p JOIN "Tag" t ON t."id" = p."tagId" JOIN "Repository" r ON r."id" = t."repositoryId" WHERE p."digest" = NEW."digest"
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER "PlatformDetails_page_update" AFTER UPDATE OF "details" ON "PlatformDetails"
FOR EACH ROW EXECUTE FUNCTION "PlatformDetails_page_update"();

-- Publisher names and badges show on every repository page and in the listings.
CREATE FUNCTION "PageGeneration_publishers"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "PageGeneration_bump"('publishers');
  PERFORM "PageGeneration_bump"('listings');
  RETURN NULL;
END
$$;
CREATE TRIGGER "Namespace_page" AFTER INSERT OR UPDATE OF "publisherId" OR DELETE ON "Namespace"
FOR EACH ROW EXECUTE FUNCTION "PageGeneration_publishers"();
CREATE TRIGGER "Publisher_page" AFTER UPDATE OF "displayName", "verified", "official" OR DELETE ON "Publisher"
FOR EACH ROW EXECUTE FUNCTION "PageGeneration_publishers"();
