import { z } from "zod";
import { phoneCountrySchema, timeZoneSchema } from "@/lib/organizations/schemas";

/** better-auth's limits for email-and-password accounts (minPasswordLength / maxPasswordLength in lib/auth). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const setupOwnerSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z
    .email("Enter a valid email address")
    .max(254)
    .transform((v) => v.trim().toLowerCase()),
  password: z.string().min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`),
  organizationName: z.string().trim().min(1, "Enter your organisation's name").max(100),
  /** Optional for API callers from before they were asked; the setup page always sends both. */
  timezone: timeZoneSchema.optional(),
  phoneCountry: phoneCountrySchema.optional(),
});
export type SetupOwnerInput = z.output<typeof setupOwnerSchema>;

/** The setup page's form: the owner, plus the setup code the server printed (checked before anything else). */
export const setupFormSchema = setupOwnerSchema.extend({
  setupCode: z.string().trim().min(1, "Enter the setup code from the server's log").max(64),
});

export const addMemberSchema = z.object({
  name: z.string().trim().min(1, "Enter their name").max(100),
  email: setupOwnerSchema.shape.email,
  password: setupOwnerSchema.shape.password,
  /** A new member is staff unless the owner picks admin; ownership is handed over by changing a role. */
  role: z.enum(["staff", "admin"], "Pick staff or admin").default("staff"),
});
export type AddMemberInput = z.output<typeof addMemberSchema>;

export const changeMemberRoleSchema = z.object({
  role: z.enum(["staff", "admin", "owner"], "Pick staff, admin or owner"),
});
export type ChangeMemberRoleInput = z.output<typeof changeMemberRoleSchema>;

export const signInSchema = z.object({
  email: z.email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(PASSWORD_MAX),
});

// Any fixed origin works: only whether `next` stays on it matters, and the result is a path.
const NEXT_BASE = "http://app.invalid";

/**
 * Where to go after sign-in: `next` resolved against the app's origin the way a browser would (which drops
 * tabs and newlines and reads `\` as `/`, so `/\t/host` is `//host`), kept only if it stays on that
 * origin. The result is the URL's own serialisation (path, query, fragment), so it is always percent-encoded
 * and safe in a Location header.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/..//host" resolves to the path "//host", which a browser would read as another host again.
  return url.origin === NEXT_BASE && !path.startsWith("//") ? path : "/";
}

/** A member in a path (`/api/members/:id`): a better-auth user id. */
export const memberIdSchema = z.object({ id: z.string().min(1).max(64) });
