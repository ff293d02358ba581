import type { z } from "zod";
import { getAppContext, UnauthorizedError, type AppContext } from "@/lib/context";
import { findStorageFullError, isStorageFailure } from "@/lib/db";
import { appError, err, type AppError, type Result } from "@/lib/result";
import { summarizeZod } from "./route";

export type ActionError = AppError<"validation_failed" | "unauthorized" | "storage_full">;

/**
 * What every server action does, in order: parse the input with its schema, check the session, call the
 * use-case, return its Result as it is. Expected failures are returned, never thrown: Next.js strips thrown
 * messages in production, so the form could not say what went wrong. A session that ended is one of them,
 * and so is a full disk under the database (the form says what to do instead of "something went wrong").
 */
export async function action<S extends z.ZodType, T, E>(
  schema: S,
  input: unknown,
  call: (ctx: AppContext, input: z.output<S>) => Promise<Result<T, E>>,
): Promise<Result<T, E | ActionError>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return err(appError("validation_failed", summarizeZod(parsed.error)));
  try {
    let ctx: AppContext;
    try {
      ctx = await getAppContext();
    } catch (error) {
      if (error instanceof UnauthorizedError) return err(appError("unauthorized", "Your session has ended. Sign in again."));
      throw error;
    }
    return await call(ctx, parsed.data);
  } catch (error) {
    const full = findStorageFullError(error);
    if (!full && !isStorageFailure(error)) throw error;
    return err(appError("storage_full", full?.message ?? "The database server's disk is full, so nothing can be saved right now. Free space on it and try again."));
  }
}
