import type { z } from "zod";
import { getAppContext, UnauthorizedError, type AppContext } from "@/lib/context";
import { appError, err, type AppError, type Result } from "@/lib/result";
import { summarizeZod } from "./route";
import { controlCharacterMessage, findControlCharacter } from "./text-input";

export type ActionError = AppError<"validation_failed" | "unauthorized">;

/**
 * What every server action does, in order: refuse text with control characters (the rule route() applies,
 * lib/http/text-input.ts), parse the input with its schema, check the session, call the
 * use-case, return its Result as it is. Expected failures are returned, never thrown: Next.js strips thrown
 * messages in production, so the form could not say what went wrong. A session that ended is one of them.
 */
export async function action<S extends z.ZodType, T, E>(
  schema: S,
  input: unknown,
  call: (ctx: AppContext, input: z.output<S>) => Promise<Result<T, E>>,
): Promise<Result<T, E | ActionError>> {
  const found = findControlCharacter(input);
  if (found) return err(appError("validation_failed", controlCharacterMessage(found)));
  const parsed = schema.safeParse(input);
  if (!parsed.success) return err(appError("validation_failed", summarizeZod(parsed.error)));
  let ctx: AppContext;
  try {
    ctx = await getAppContext();
  } catch (error) {
    if (error instanceof UnauthorizedError) return err(appError("unauthorized", "Your session has ended. Sign in again."));
    throw error;
  }
  return call(ctx, parsed.data);
}
