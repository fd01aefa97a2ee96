-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "fence" INTEGER NOT NULL,
    "beat" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "Repository_visibility_inRegistry_id_idx" ON "Repository"("visibility", "inRegistry", "id");

