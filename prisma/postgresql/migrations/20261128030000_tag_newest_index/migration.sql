-- CreateIndex
CREATE INDEX "Tag_repositoryId_updatedAt_idx" ON "Tag"("repositoryId", "updatedAt");

