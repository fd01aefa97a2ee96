-- CreateIndex
CREATE INDEX "Platform_digest_idx" ON "Platform"("digest");

