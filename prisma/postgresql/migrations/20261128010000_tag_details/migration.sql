-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "files" TEXT;

-- AlterTable
ALTER TABLE "Platform" ADD COLUMN     "details" TEXT;

