import type { DbOrTx } from "@/lib/db";
import { getCarrierSettingsRow } from "./queries";

/** Whether the organisation has saved a carrier account (Settings → Phone calls): what phone delivery needs. */
export async function hasCarrierConnected(db: DbOrTx, organizationId: string): Promise<boolean> {
  return (await getCarrierSettingsRow(db, organizationId)) !== null;
}
