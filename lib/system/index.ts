import "server-only";
import type { AppContext } from "@/lib/context";

export type SystemStatus = {
  database: { kind: "pglite" | "postgres"; label: string };
  organization: { name: string };
};

/** What the home and status pages show about where the app runs. */
export function getSystemStatus(ctx: Pick<AppContext, "database" | "organization">): SystemStatus {
  const { database, organization } = ctx;
  return { database: { kind: database.kind, label: database.label }, organization: { name: organization.name } };
}
