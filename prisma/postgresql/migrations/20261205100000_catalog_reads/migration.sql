-- DropIndex
DROP INDEX "Repository_visibility_inRegistry_idx";

-- AlterTable
ALTER TABLE "Namespace" ADD COLUMN     "publicRepositories" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "CategoryCount" (
    "category" TEXT NOT NULL,
    "publicRepositories" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CategoryCount_pkey" PRIMARY KEY ("category")
);

-- CreateTable
CREATE TABLE "PlatformDetails" (
    "digest" TEXT NOT NULL,
    "details" TEXT NOT NULL,

    CONSTRAINT "PlatformDetails_pkey" PRIMARY KEY ("digest")
);

-- Details once per manifest digest (before the platforms' copies go).
INSERT INTO "PlatformDetails" ("digest", "details")
SELECT "digest", MAX("details") FROM "Platform" WHERE "details" IS NOT NULL GROUP BY "digest";

-- AlterTable
ALTER TABLE "Platform" DROP COLUMN "details";

-- CreateIndex
CREATE INDEX "Namespace_publicRepositories_name_idx" ON "Namespace"("publicRepositories" DESC, "name");

-- CreateIndex
CREATE INDEX "Repository_visibility_inRegistry_namespaceName_name_idx" ON "Repository"("visibility", "inRegistry", "namespaceName", "name");

-- CreateIndex
CREATE INDEX "Tag_repositoryId_pushedAt_idx" ON "Tag"("repositoryId", "pushedAt");


-- Public repository counts, exact on every write path (Prisma or raw, web app
-- or indexer) because triggers keep them in the writing transaction: the
-- PL/pgSQL form of the SQLite migration's triggers, which the tests run on both.
UPDATE "Namespace" SET "publicRepositories" =
  (SELECT COUNT(*) FROM "Repository" r WHERE r."namespaceName" = "Namespace"."name" AND r."visibility" = 'PUBLIC' AND r."inRegistry");
INSERT INTO "CategoryCount" ("category", "publicRepositories")
SELECT c."category", COUNT(*) FROM "RepositoryCategory" c JOIN "Repository" r ON r."id" = c."repositoryId"
WHERE r."visibility" = 'PUBLIC' AND r."inRegistry" GROUP BY c."category";

CREATE FUNCTION "Repository_is_public"(repository INTEGER) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "Repository" WHERE "id" = repository AND "visibility" = 'PUBLIC' AND "inRegistry")
$$;

CREATE FUNCTION "Repository_count_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" + 1 WHERE "name" = NEW."namespaceName";
  RETURN NULL;
END
$$;
CREATE TRIGGER "Repository_count_insert" AFTER INSERT ON "Repository"
FOR EACH ROW WHEN (NEW."visibility" = 'PUBLIC' AND NEW."inRegistry") EXECUTE FUNCTION "Repository_count_insert"();

CREATE FUNCTION "Repository_count_update"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_public BOOLEAN := OLD."visibility" = 'PUBLIC' AND OLD."inRegistry";
  is_public BOOLEAN := NEW."visibility" = 'PUBLIC' AND NEW."inRegistry";
BEGIN
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" - 1 WHERE "name" = OLD."namespaceName" AND was_public;
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" + 1 WHERE "name" = NEW."namespaceName" AND is_public;
  -- Its categories may have been set while it was private: no row counts them yet.
  INSERT INTO "CategoryCount" ("category") SELECT "category" FROM "RepositoryCategory" WHERE "repositoryId" = NEW."id"
    ON CONFLICT ("category") DO NOTHING;
  UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories" + is_public::INTEGER - was_public::INTEGER
    WHERE "category" IN (SELECT "category" FROM "RepositoryCategory" WHERE "repositoryId" = NEW."id");
  RETURN NULL;
END
$$;
CREATE TRIGGER "Repository_count_update" AFTER UPDATE OF "visibility", "inRegistry", "namespaceName" ON "Repository"
FOR EACH ROW EXECUTE FUNCTION "Repository_count_update"();

-- BEFORE: its categories still exist; their cascaded deletion then finds no
-- public repository and leaves the counts alone.
CREATE FUNCTION "Repository_count_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" - 1 WHERE "name" = OLD."namespaceName";
  UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories" - 1
    WHERE "category" IN (SELECT "category" FROM "RepositoryCategory" WHERE "repositoryId" = OLD."id");
  RETURN OLD;
END
$$;
CREATE TRIGGER "Repository_count_delete" BEFORE DELETE ON "Repository"
FOR EACH ROW WHEN (OLD."visibility" = 'PUBLIC' AND OLD."inRegistry") EXECUTE FUNCTION "Repository_count_delete"();

-- A trigger's WHEN cannot hold a subquery here: the bodies test the repository.
CREATE FUNCTION "RepositoryCategory_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND "Repository_is_public"(OLD."repositoryId") THEN
    UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories" - 1 WHERE "category" = OLD."category";
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND "Repository_is_public"(NEW."repositoryId") THEN
    INSERT INTO "CategoryCount" ("category", "publicRepositories") VALUES (NEW."category", 1)
      ON CONFLICT ("category") DO UPDATE SET "publicRepositories" = "CategoryCount"."publicRepositories" + 1;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "RepositoryCategory_count" AFTER INSERT OR UPDATE OR DELETE ON "RepositoryCategory"
FOR EACH ROW EXECUTE FUNCTION "RepositoryCategory_count"();

-- Planner statistics, as the SQLite migration gathers them (the indexer
-- refreshes them, optimizeCatalog).
ANALYZE;
