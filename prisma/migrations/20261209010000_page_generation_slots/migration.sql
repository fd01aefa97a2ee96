-- Nothing changes on SQLite, whose writers take turns: the shared scopes
-- ('listings', 'publishers') stay one row each. The PostgreSQL migration of
-- the same name gives each connection a row of its own for them
-- (docs/decisions/0013, "Shared scopes on PostgreSQL").
SELECT 1;
