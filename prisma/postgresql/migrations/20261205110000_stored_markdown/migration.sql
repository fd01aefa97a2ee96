-- Existing rows keep renderVersion 0: rendered on read until `npm run reindex`.
ALTER TABLE "Repository" ADD COLUMN     "aboutHtml" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "aboutText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "renderVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "usageHtml" TEXT NOT NULL DEFAULT '';
