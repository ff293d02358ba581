import type { z } from "zod";
import type { Role } from "@/lib/values/roles";
import { findStorageFullError, isStorageFailure } from "@/lib/db";
import { appError, err, type AppError, type Result } from "@/lib/result";
import { refusalForRole } from "./caller";
import { summarizeZod } from "./route";
import { controlCharacterMessage, findControlCharacter } from "./text-input";
import { getAppContext, UnauthorizedError, type AppContext } from "@/lib/http/session";

export type ActionError = AppError<"validation_failed" | "unauthorized" | "forbidden" | "storage_full">;

/**
 * What every server action does, in order: check the session and that its role is at least `options.role`
 * (default `staff`: every member), refuse text with control characters (the rule route() applies,
 * lib/http/text-input.ts), parse the input with its schema, call the use-case, return its Result as it is.
 * The caller is checked first, so nobody learns the input's shape from an action they may not use.
 * Expected failures are returned, never thrown: Next.js strips thrown messages in production, so the form
 * could not say what went wrong. A session that ended is one of them, and so is a full disk under the
 * database (the form says what to do instead of "something went wrong").
 */
export async function action<S extends z.ZodType, T, E>(
  schema: S,
  input: unknown,
  call: (ctx: AppContext, input: z.output<S>) => Promise<Result<T, E>>,
  options: { role?: Role } = {},
): Promise<Result<T, E | ActionError>> {
  try {
    let ctx: AppContext;
    try {
      ctx = await getAppContext();
    } catch (error) {
      if (error instanceof UnauthorizedError) return err(appError("unauthorized", "Your session has ended. Sign in again."));
      throw error;
    }
    const refused = refusalForRole(ctx, options.role ?? "staff");
    if (refused) return err(appError("forbidden", refused.message));
    const found = findControlCharacter(input);
    if (found) return err(appError("validation_failed", controlCharacterMessage(found)));
    const parsed = schema.safeParse(input);
    if (!parsed.success) return err(appError("validation_failed", summarizeZod(parsed.error)));
    return await call(ctx, parsed.data);
  } catch (error) {
    const full = findStorageFullError(error);
    if (!full && !isStorageFailure(error)) throw error;
    return err(appError("storage_full", full?.message ?? "The database server's disk is full, so nothing can be saved right now. Free space on it and try again."));
  }
}
