-- List names become unique whatever their case: lists whose names differ only by case keep the oldest name;
-- the others get " (2)", " (3)"... so the index the next migration makes can hold.
UPDATE "contact_lists" AS c SET "name" = c."name" || ' (' || d.n || ')'
FROM (SELECT "id", row_number() OVER (PARTITION BY "organization_id", lower("name") ORDER BY "created_at", "id") AS n FROM "contact_lists") AS d
WHERE d."id" = c."id" AND d.n > 1;
