-- The catalog compares, orders and case-folds text as SQLite does (byte order,
-- ASCII-only folding for case-insensitive matches) only in a database whose
-- collation and character type are "C" (docs/decisions/0016).
DO $$
BEGIN
  IF (SELECT datcollate NOT IN ('C', 'POSIX') OR datctype NOT IN ('C', 'POSIX') FROM pg_database WHERE datname = current_database()) THEN
    RAISE EXCEPTION 'the Galleon catalog needs a database created with LC_COLLATE and LC_CTYPE "C": createdb --locale=C --encoding=UTF8 --template=template0 <name>';
  END IF;
END
$$;

-- CreateTable
CREATE TABLE "Publisher" (
    "id" SERIAL NOT NULL,
    "displayName" TEXT NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "official" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Publisher_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Namespace" (
    "name" TEXT NOT NULL,
    "publisherId" INTEGER,
    "newRepositoriesPublic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Namespace_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Repository" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSyncedAt" TIMESTAMP(3),
    "syncError" TEXT,
    "syncErrorAt" TIMESTAMP(3),

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RepositoryCategory" (
    "repositoryId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,

    CONSTRAINT "RepositoryCategory_pkey" PRIMARY KEY ("repositoryId","category")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "repositoryId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "artifactType" TEXT,
    "totalSize" BIGINT,
    "annotations" TEXT NOT NULL DEFAULT '{}',
    "imageCreated" TIMESTAMP(3),
    "pushedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Platform" (
    "id" SERIAL NOT NULL,
    "tagId" INTEGER NOT NULL,
    "os" TEXT NOT NULL,
    "architecture" TEXT NOT NULL,
    "variant" TEXT,
    "digest" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "compressedSize" BIGINT,

    CONSTRAINT "Platform_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Namespace" ADD CONSTRAINT "Namespace_publisherId_fkey" FOREIGN KEY ("publisherId") REFERENCES "Publisher"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Repository" ADD CONSTRAINT "Repository_namespaceName_fkey" FOREIGN KEY ("namespaceName") REFERENCES "Namespace"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RepositoryCategory" ADD CONSTRAINT "RepositoryCategory_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Platform" ADD CONSTRAINT "Platform_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

