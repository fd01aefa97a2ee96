-- The shared scopes ('listings', 'publishers') are bumped by nearly every
-- write, and on PostgreSQL catalog writes run SERIALIZABLE: two transactions
-- updating the one 'listings' row conflict, so concurrent syncs of different
-- repositories failed and retried each other. Each connection now bumps a row
-- of its own, '<scope>@<backend pid>' (one transaction at a time per
-- connection, so no two concurrent transactions share a row), still in the
-- transaction of the change; a scope's generation is the sum of its rows,
-- read in one statement, and the indexer folds the rows back into '<scope>'
-- in one statement that keeps the sum (docs/decisions/0013).
CREATE OR REPLACE FUNCTION "PageGeneration_bump"(page TEXT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "PageGeneration" ("scope", "generation")
    VALUES (CASE WHEN page IN ('listings', 'publishers') THEN page || '@' || pg_backend_pid() ELSE page END, 1)
    ON CONFLICT ("scope") DO UPDATE SET "generation" = "PageGeneration"."generation" + 1
$$;
