DROP INDEX "contact_lists_org_name_key";--> statement-breakpoint
-- Lists whose names differ only by case keep the oldest name; the others get " (2)", " (3)"... so the index can hold.
UPDATE "contact_lists" AS c SET "name" = c."name" || ' (' || d.n || ')'
FROM (SELECT "id", row_number() OVER (PARTITION BY "organization_id", lower("name") ORDER BY "created_at", "id") AS n FROM "contact_lists") AS d
WHERE d."id" = c."id" AND d.n > 1;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_lists_org_lower_name_key" ON "contact_lists" USING btree ("organization_id",lower("name"));
