-- AlterTable
ALTER TABLE "Tag" ADD COLUMN     "chart" TEXT;
