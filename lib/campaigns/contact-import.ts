import type { Ctx } from "@/lib/context";
import { importContactsCsv, type ImportReport } from "@/lib/contacts";
import type { AppError, Result } from "@/lib/result";
import { ok } from "@/lib/result";
import { listCampaignsWithStaleAudio, type StaleCampaign } from "./stale";

/**
 * Importing a contacts file, as the clinic sees it: the contacts the file adds or changes (lib/contacts),
 * then the launched campaigns whose audio now says an out-of-date value for them (moved appointments),
 * each walked again on the planning path. Lives with campaigns because it reads both: contacts never
 * import campaigns.
 */
export async function importContactsFile(
  ctx: Ctx,
  input: Parameters<typeof importContactsCsv>[1],
): Promise<Result<Omit<ImportReport, "rescheduledContactIds"> & { staleCampaigns: StaleCampaign[] }, AppError<"csv_invalid">>> {
  const report = await importContactsCsv(ctx, input);
  if (!report.ok) return report;
  const { rescheduledContactIds, ...rest } = report.value;
  return ok({ ...rest, staleCampaigns: await listCampaignsWithStaleAudio(ctx, rescheduledContactIds) });
}
