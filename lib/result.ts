/**
 * Expected failures travel as values, not exceptions: a use-case returns `Result<T, AppError<Codes>>`, where
 * `Codes` names every failure it can return; lib/http/errors.ts maps each code to an HTTP status (and the
 * type check refuses a code it does not know). Results are plain objects, so server actions can return them
 * to the browser as they are.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = AppError> = Ok<T> | Err<E>;

/** The one error shape: a string-literal code, a message a person can act on, optional details. */
export type AppError<C extends string = string> = { code: C; message: string; details?: unknown };

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

export const appError = <C extends string>(code: C, message: string, details?: unknown): AppError<C> =>
  details === undefined ? { code, message } : { code, message, details };
