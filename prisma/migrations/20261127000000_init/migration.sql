-- CreateTable
CREATE TABLE "Publisher" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "displayName" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Namespace" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "publisherId" INTEGER,
    "newRepositoriesPublic" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Namespace_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Repository" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "path" TEXT NOT NULL,
    "namespaceName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "visibility" TEXT NOT NULL DEFAULT 'PRIVATE',
    "shortDescription" TEXT NOT NULL DEFAULT '',
    "about" TEXT NOT NULL DEFAULT '',
    "usage" TEXT NOT NULL DEFAULT '',
    "defaultTag" TEXT,
    "logo" TEXT,
    "inRegistry" BOOLEAN NOT NULL DEFAULT true,
    "pulls" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSyncedAt" DATETIME,
    "syncError" TEXT,
    "syncErrorAt" DATETIME,
    CONSTRAINT "Repository_namespaceName_fkey" FOREIGN KEY ("namespaceName") REFERENCES "Namespace" ("name") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RepositoryCategory" (
    "repositoryId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,

    PRIMARY KEY ("repositoryId", "category"),
    CONSTRAINT "RepositoryCategory_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "repositoryId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "artifactType" TEXT,
    "totalSize" BIGINT,
    "annotations" TEXT NOT NULL DEFAULT '{}',
    "imageCreated" DATETIME,
    "pushedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Tag_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Platform" (
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

-- CreateIndex
CREATE UNIQUE INDEX "Repository_path_key" ON "Repository"("path");

-- CreateIndex
CREATE INDEX "Repository_visibility_inRegistry_idx" ON "Repository"("visibility", "inRegistry");

-- CreateIndex
CREATE UNIQUE INDEX "Repository_namespaceName_name_key" ON "Repository"("namespaceName", "name");

-- CreateIndex
CREATE INDEX "RepositoryCategory_category_idx" ON "RepositoryCategory"("category");

-- CreateIndex
CREATE INDEX "Tag_digest_idx" ON "Tag"("digest");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_repositoryId_name_key" ON "Tag"("repositoryId", "name");

-- CreateIndex
CREATE INDEX "Platform_tagId_idx" ON "Platform"("tagId");

