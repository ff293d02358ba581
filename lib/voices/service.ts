import { workersOf, type Ctx } from "@/lib/context";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { checkVoiceOffered } from "./offered";
import { countVoiceMixRows, deleteVoiceMixRow, getVoiceMixRow, insertVoiceMix, isMixNameTaken, listVoiceMixRows, lockOrganizationMixes, updateVoiceMixName, type VoiceMixRow } from "./queries";
import type { CreateVoiceMixInput, RenameVoiceMixInput } from "./schemas";

export type VoiceMixDto = { id: string; name: string; voice: string; createdAt: string };

/** The voices the running engine offers; null when no worker is ready (the mix is then checked at launch). */
export type OfferedVoices = { voices: readonly string[] } | null;

type VoiceMixError<C extends string> = AppError<C>;
const mixNotFound = (): VoiceMixError<"voice_mix_not_found"> => appError("voice_mix_not_found", "This saved voice mix does not exist.");
/** Saved mixes an organisation may have: the voice picker offers every one. */
export const MAX_VOICE_MIXES = 100;
const tooManyMixes = (): VoiceMixError<"too_many_voice_mixes"> =>
  appError("too_many_voice_mixes", `An organisation can save at most ${MAX_VOICE_MIXES} voice mixes; delete one you no longer use first.`);
const nameTaken = (name: string): VoiceMixError<"voice_mix_name_taken"> => appError("voice_mix_name_taken", `A saved mix is already called "${name}". Pick another name.`);

function toDto(row: VoiceMixRow): VoiceMixDto {
  return { id: row.id, name: row.name, voice: row.voice, createdAt: row.createdAt.toISOString() };
}

/** The organisation's saved mixes, by name. */
export async function listVoiceMixes(ctx: Ctx): Promise<VoiceMixDto[]> {
  return (await listVoiceMixRows(ctx.db, ctx.organization.id, MAX_VOICE_MIXES)).map(toDto);
}

/** Saves a named mix; every voice it blends must be one the worker offers (when one is ready). */
export async function createVoiceMix(
  ctx: Ctx,
  input: CreateVoiceMixInput,
  given?: OfferedVoices,
): Promise<Result<VoiceMixDto, VoiceMixError<"voice_mix_name_taken" | "unknown_voice" | "too_many_voice_mixes">>> {
  const worker = given !== undefined ? given : await workersOf(ctx);
  const unknown = worker ? checkVoiceOffered(input.voice, worker.voices) : null;
  if (unknown) return err(unknown);
  return ctx.db.transaction(async (tx) => {
    await lockOrganizationMixes(tx, ctx.organization.id);
    if (await isMixNameTaken(tx, ctx.organization.id, input.name)) return err(nameTaken(input.name));
    if ((await countVoiceMixRows(tx, ctx.organization.id)) >= MAX_VOICE_MIXES) return err(tooManyMixes());
    return ok(toDto(await insertVoiceMix(tx, { organizationId: ctx.organization.id, name: input.name, voice: input.voice })));
  });
}

/** Renames a saved mix. Campaigns keep the mix string they stored, so their audio does not change. */
export async function renameVoiceMix(ctx: Ctx, id: string, input: RenameVoiceMixInput): Promise<Result<VoiceMixDto, VoiceMixError<"voice_mix_not_found" | "voice_mix_name_taken">>> {
  return ctx.db.transaction(async (tx) => {
    await lockOrganizationMixes(tx, ctx.organization.id);
    if (!(await getVoiceMixRow(tx, ctx.organization.id, id))) return err(mixNotFound());
    if (await isMixNameTaken(tx, ctx.organization.id, input.name, id)) return err(nameTaken(input.name));
    return ok(toDto((await updateVoiceMixName(tx, ctx.organization.id, id, input.name))!));
  });
}

/** Deletes a saved mix; campaigns that use its blend keep it. */
export async function deleteVoiceMix(ctx: Ctx, id: string): Promise<Result<{ deleted: string }, VoiceMixError<"voice_mix_not_found">>> {
  return (await deleteVoiceMixRow(ctx.db, ctx.organization.id, id)) ? ok({ deleted: id }) : err(mixNotFound());
}
