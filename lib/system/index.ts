import "server-only";
import { getAppContext } from "@/lib/context";

export type SystemStatus = {
  database: { kind: "pglite" | "postgres"; label: string };
  organization: { name: string };
};

/** What the home and status pages show about where the app runs. */
export async function getSystemStatus(): Promise<SystemStatus> {
  const { database, organization } = await getAppContext();
  return { database: { kind: database.kind, label: database.label }, organization: { name: organization.name } };
}
