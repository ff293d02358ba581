import type { z } from "zod";
import type { ZodOpenApiOperationObject } from "zod-openapi";
import type { ApiKeyScope } from "@/lib/api-keys";
import type { Role } from "@/lib/values/roles";

/**
 * Who may call an operation, as the route's own `route()` options say it (the same defaults: `session`,
 * `staff`, and the `read`/`write` scope by method). The document builder turns it into the operation's
 * security, `x-minimum-role` and wrapper errors; tests/integration/http/openapi-routes.test.ts holds it
 * equal to what the handler enforces.
 */
export type OperationCaller = { access?: "session" | "public"; role?: Role; scope?: ApiKeyScope };

/** One operation of the API: its OpenAPI description from the domain's zod schemas, and who may call it. */
export type ApiOperation = ZodOpenApiOperationObject & OperationCaller;

export const API_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** A domain's operations by path (`/api/campaigns/{id}`, as the folder `app/api/campaigns/[id]`) and method. */
export type ApiPaths = Record<`/api/${string}`, Partial<Record<ApiMethod, ApiOperation>>>;

/** JSON request body of a route, from its zod schema. */
export const jsonBody = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema } } });

/** A JSON success answer; `schema` when the route has a zod schema for it. */
export const jsonResponse = (description: string, schema?: z.ZodType) => ({ description, ...(schema ? { content: { "application/json": { schema } } } : {}) });
