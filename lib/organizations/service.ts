import type { ScopedCtx } from "@/lib/context";
import { roleAtLeast } from "@/lib/values/roles";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { updateOrganization, type Organization } from "./queries";
import type { OrganizationSettingsInput } from "./schemas";
import { SPOKEN_LANGUAGES, type SpokenLanguage } from "@/lib/values/languages";

/** What the settings use-case needs of a request's context (lib/context builds on this domain, so not its Ctx). */
export type OrganizationCtx = ScopedCtx<"role">;

/**
 * An admin or the owner changes the organisation's name, time zone, phone country, callback number and
 * phone system; staff may read them (ctx.organization) but not change them. Always the caller's own organisation: no id
 * comes from the request.
 */
/** The organisation as the API shows it: its settings and the languages it may pick as its default. */
export type OrganizationDto = Organization & { languages: readonly SpokenLanguage[] };

export function organizationDto(organization: Organization): OrganizationDto {
  return { ...organization, languages: SPOKEN_LANGUAGES };
}

/** An admin or the owner picks the language new campaigns start in and contacts without one hear. */
export async function setDefaultLanguage(ctx: OrganizationCtx, defaultLanguage: string): Promise<Result<OrganizationDto, AppError<"forbidden">>> {
  if (!ctx.user || !roleAtLeast(ctx.user.role, "admin")) return err(appError("forbidden", "Only an admin or the owner of this organisation can change its settings."));
  return ok(organizationDto(await updateOrganization(ctx.db, ctx.organization.id, { defaultLanguage })));
}

export async function updateOrganizationSettings(ctx: OrganizationCtx, input: OrganizationSettingsInput): Promise<Result<Organization, AppError<"forbidden">>> {
  if (!ctx.user || !roleAtLeast(ctx.user.role, "admin")) return err(appError("forbidden", "Only an admin or the owner of this organisation can change its settings."));
  return ok(await updateOrganization(ctx.db, ctx.organization.id, input));
}
