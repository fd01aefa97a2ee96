-- Written from `prisma migrate diff --script` (which redefines the table) as
-- the equivalent ADD COLUMNs: a redefinition copies every row of a 100k
-- catalog and would drop indexes that other migrations add to Repository.
-- Existing rows keep renderVersion 0: rendered on read until `npm run reindex`.
ALTER TABLE "Repository" ADD COLUMN "aboutHtml" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Repository" ADD COLUMN "aboutText" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Repository" ADD COLUMN "usageHtml" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Repository" ADD COLUMN "renderVersion" INTEGER NOT NULL DEFAULT 0;
