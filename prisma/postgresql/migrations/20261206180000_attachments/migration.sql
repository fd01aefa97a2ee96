-- CreateTable
CREATE TABLE "Attachment" (
    "id" SERIAL NOT NULL,
    "repositoryId" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "tagDigest" TEXT NOT NULL,
    "subjectDigest" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "part" INTEGER NOT NULL,
    "mediaType" TEXT NOT NULL,
    "artifactType" TEXT,
    "category" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "document" TEXT,
    "created" TIMESTAMP(3),
    "pushedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Attachment_repositoryId_subjectDigest_idx" ON "Attachment"("repositoryId", "subjectDigest");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_repositoryId_tag_digest_part_key" ON "Attachment"("repositoryId", "tag", "digest", "part");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tags of the referrers tag schema and cosign's conventions were stored as
-- image tags before: dropped so that the next sync reads them again as
-- attachments (their platforms and then-unreferenced details with them).
CREATE TEMP TABLE "AttachedTagIds" AS SELECT "id" FROM "Tag"
WHERE "name" ~ '^sha256-[0-9a-f]' AND (
    length("name") = 71
    OR (length("name") = 75 AND substr("name", 72) IN ('.sig', '.att'))
    OR (length("name") = 76 AND substr("name", 72) = '.sbom'));
DELETE FROM "Platform" WHERE "tagId" IN (SELECT "id" FROM "AttachedTagIds");
DELETE FROM "PlatformDetails" WHERE NOT EXISTS (SELECT 1 FROM "Platform" WHERE "Platform"."digest" = "PlatformDetails"."digest");
DELETE FROM "Tag" WHERE "id" IN (SELECT "id" FROM "AttachedTagIds");
DROP TABLE "AttachedTagIds";
