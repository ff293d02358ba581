/**
 * Expected failures travel as values, not exceptions: a use-case returns `Result<T, E>` where `E` carries a
 * string-literal `code` that lib/http/errors.ts maps to an HTTP status. Results are plain objects, so server
 * actions can return them to the browser as they are.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = AppErrorShape> = Ok<T> | Err<E>;

export type AppErrorShape = { code: string; message: string; details?: unknown };

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
