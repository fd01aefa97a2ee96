-- DropIndex
DROP INDEX "Repository_visibility_inRegistry_idx";

-- CreateTable
CREATE TABLE "CategoryCount" (
    "category" TEXT NOT NULL PRIMARY KEY,
    "publicRepositories" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "PlatformDetails" (
    "digest" TEXT NOT NULL PRIMARY KEY,
    "details" TEXT NOT NULL
);

-- Details once per manifest digest (the platforms' copies go with the old table).
INSERT INTO "PlatformDetails" ("digest", "details")
SELECT "digest", MAX("details") FROM "Platform" WHERE "details" IS NOT NULL GROUP BY "digest";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Namespace" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "publisherId" INTEGER,
    "newRepositoriesPublic" BOOLEAN NOT NULL DEFAULT false,
    "publicRepositories" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Namespace_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Namespace" ("name", "newRepositoriesPublic", "publisherId") SELECT "name", "newRepositoriesPublic", "publisherId" FROM "Namespace";
DROP TABLE "Namespace";
ALTER TABLE "new_Namespace" RENAME TO "Namespace";
CREATE INDEX "Namespace_publicRepositories_name_idx" ON "Namespace"("publicRepositories" DESC, "name");
CREATE TABLE "new_Platform" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tagId" INTEGER NOT NULL,
    "os" TEXT NOT NULL,
    "architecture" TEXT NOT NULL,
    "variant" TEXT,
    "digest" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "compressedSize" BIGINT,
    CONSTRAINT "Platform_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Platform" ("architecture", "compressedSize", "digest", "id", "mediaType", "os", "tagId", "variant") SELECT "architecture", "compressedSize", "digest", "id", "mediaType", "os", "tagId", "variant" FROM "Platform";
DROP TABLE "Platform";
ALTER TABLE "new_Platform" RENAME TO "Platform";
CREATE INDEX "Platform_tagId_idx" ON "Platform"("tagId");
CREATE INDEX "Platform_digest_idx" ON "Platform"("digest");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Repository_visibility_inRegistry_namespaceName_name_idx" ON "Repository"("visibility", "inRegistry", "namespaceName", "name");

-- CreateIndex
CREATE INDEX "Tag_repositoryId_pushedAt_idx" ON "Tag"("repositoryId", "pushedAt");


-- Public repository counts, exact on every write path (Prisma or raw, web app
-- or indexer) because triggers keep them in the writing transaction: a
-- repository made private is uncounted by the time its change commits.
UPDATE "Namespace" SET "publicRepositories" =
  (SELECT COUNT(*) FROM "Repository" WHERE namespaceName = "Namespace".name AND visibility = 'PUBLIC' AND inRegistry = 1);
INSERT INTO "CategoryCount" ("category", "publicRepositories")
SELECT c.category, COUNT(*) FROM "RepositoryCategory" c JOIN "Repository" r ON r.id = c.repositoryId
WHERE r.visibility = 'PUBLIC' AND r.inRegistry = 1 GROUP BY c.category;

CREATE TRIGGER "Repository_count_insert" AFTER INSERT ON "Repository"
WHEN NEW.visibility = 'PUBLIC' AND NEW.inRegistry = 1
BEGIN
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" + 1 WHERE name = NEW.namespaceName;
END;

CREATE TRIGGER "Repository_count_update" AFTER UPDATE OF visibility, inRegistry, namespaceName ON "Repository"
BEGIN
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" - 1
    WHERE name = OLD.namespaceName AND OLD.visibility = 'PUBLIC' AND OLD.inRegistry = 1;
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" + 1
    WHERE name = NEW.namespaceName AND NEW.visibility = 'PUBLIC' AND NEW.inRegistry = 1;
  -- Its categories may have been set while it was private: no row counts them yet.
  -- (Not OR IGNORE: in a trigger the outer statement's conflict policy, e.g. an upsert's, overrides it.)
  INSERT INTO "CategoryCount" ("category") SELECT category FROM "RepositoryCategory"
    WHERE repositoryId = NEW.id AND category NOT IN (SELECT category FROM "CategoryCount");
  UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories"
      + (NEW.visibility = 'PUBLIC' AND NEW.inRegistry = 1) - (OLD.visibility = 'PUBLIC' AND OLD.inRegistry = 1)
    WHERE category IN (SELECT category FROM "RepositoryCategory" WHERE repositoryId = NEW.id);
END;

-- BEFORE: its categories still exist; their cascaded deletion then finds no
-- public repository and leaves the counts alone.
CREATE TRIGGER "Repository_count_delete" BEFORE DELETE ON "Repository"
WHEN OLD.visibility = 'PUBLIC' AND OLD.inRegistry = 1
BEGIN
  UPDATE "Namespace" SET "publicRepositories" = "publicRepositories" - 1 WHERE name = OLD.namespaceName;
  UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories" - 1
    WHERE category IN (SELECT category FROM "RepositoryCategory" WHERE repositoryId = OLD.id);
END;

CREATE TRIGGER "RepositoryCategory_count_insert" AFTER INSERT ON "RepositoryCategory"
WHEN EXISTS (SELECT 1 FROM "Repository" WHERE id = NEW.repositoryId AND visibility = 'PUBLIC' AND inRegistry = 1)
BEGIN
  INSERT INTO "CategoryCount" ("category", "publicRepositories") VALUES (NEW.category, 1)
    ON CONFLICT ("category") DO UPDATE SET "publicRepositories" = "publicRepositories" + 1;
END;

CREATE TRIGGER "RepositoryCategory_count_delete" AFTER DELETE ON "RepositoryCategory"
WHEN EXISTS (SELECT 1 FROM "Repository" WHERE id = OLD.repositoryId AND visibility = 'PUBLIC' AND inRegistry = 1)
BEGIN
  UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories" - 1 WHERE category = OLD.category;
END;

CREATE TRIGGER "RepositoryCategory_count_update" AFTER UPDATE ON "RepositoryCategory"
WHEN EXISTS (SELECT 1 FROM "Repository" WHERE id = OLD.repositoryId AND visibility = 'PUBLIC' AND inRegistry = 1)
  OR EXISTS (SELECT 1 FROM "Repository" WHERE id = NEW.repositoryId AND visibility = 'PUBLIC' AND inRegistry = 1)
BEGIN
  UPDATE "CategoryCount" SET "publicRepositories" = "publicRepositories" - 1
    WHERE category = OLD.category AND EXISTS (SELECT 1 FROM "Repository" WHERE id = OLD.repositoryId AND visibility = 'PUBLIC' AND inRegistry = 1);
  INSERT INTO "CategoryCount" ("category", "publicRepositories")
    SELECT NEW.category, 1 WHERE EXISTS (SELECT 1 FROM "Repository" WHERE id = NEW.repositoryId AND visibility = 'PUBLIC' AND inRegistry = 1)
    ON CONFLICT ("category") DO UPDATE SET "publicRepositories" = "publicRepositories" + 1;
END;

-- Planner statistics: without them SQLite guesses, and at 100,000 repositories
-- it guessed a per-namespace scan of every public repository. The indexer
-- refreshes them with PRAGMA optimize (optimizeCatalog).
ANALYZE;
