import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { whoMay } from "@/lib/values/roles";
import { requiredScope } from "./caller";
import { ROUTE_SPEC, type RouteSpec } from "./route";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A route.ts module as imported: its exported handlers by method. */
export type RouteModule = Partial<Record<HttpMethod, unknown>>;

const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code, e.g. validation_failed, unauthorized, insufficient_scope" }),
      message: z.string().meta({ description: "What went wrong and what to do, for a person" }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: errorSchema } } });

/** JSON request body of a route, from its zod schema. */
export const jsonBody = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema } } });

/** A JSON success answer; `schema` when the route has a zod schema for it. */
export const jsonResponse = (description: string, schema?: z.ZodType) => ({ description, ...(schema ? { content: { "application/json": { schema } } } : {}) });

/** The error answers the route wrapper itself gives, so routes declare only their own. */
function wrapperErrors(spec: RouteSpec, method: HttpMethod): ZodOpenApiResponsesObject {
  const writes = method !== "GET";
  return {
    "400": errorResponse("validation_failed or invalid_json: the parameters or body do not match the schema, or text holds a control character other than tab and line breaks"),
    ...(spec.access === "session"
      ? {
          "401": errorResponse("unauthorized (no session) or api_key_invalid (unknown or revoked key; with `WWW-Authenticate: Bearer`)"),
          "429": errorResponse("rate_limited: the API key's requests per minute are spent; see `Retry-After`"),
        }
      : {}),
    ...(writes ? { "413": errorResponse("payload_too_large"), "415": errorResponse("unsupported_media_type") } : {}),
    ...(writes || spec.access === "session"
      ? {
          "403": errorResponse(
            `forbidden (a cross-origin browser request, or a caller below the operation's \`x-minimum-role\`) or insufficient_scope (an API key without the ${requiredScope(method, spec.scope)} scope)`,
          ),
        }
      : {}),
    "500": errorResponse("internal_error: logged with the request id"),
    "503": errorResponse("database_unavailable: the database cannot be reached right now; see `Retry-After`"),
  };
}

function operationFor(spec: RouteSpec, method: HttpMethod): ZodOpenApiOperationObject | null {
  if (!spec.operation) return null;
  const scope = requiredScope(method, spec.scope);
  const session = spec.access === "session";
  const note = !session
    ? spec.operation.security
      ? null
      : "No session needed: the route checks its own credential and ignores API keys."
    : spec.role === "staff"
      ? `Any member. API keys need the \`${scope}\` scope.`
      : `Needs ${whoMay(spec.role)}, signed in; API keys are refused.`;
  return {
    ...spec.operation,
    description: [spec.operation.description, note].filter(Boolean).join("\n\n"),
    ...(session ? { "x-minimum-role": spec.role } : {}),
    security: session ? [{ apiKey: [scope] }, { session: [] }] : (spec.operation.security ?? []),
    responses: { ...wrapperErrors(spec, method), ...spec.operation.responses },
  };
}

/** The spec route() attached to a handler, if it is one. */
export function routeSpecOf(handler: unknown): RouteSpec | null {
  return typeof handler === "function" && ROUTE_SPEC in handler ? ((handler as unknown as Record<symbol, RouteSpec>)[ROUTE_SPEC] ?? null) : null;
}

/**
 * The OpenAPI 3.1 document of the web API, from the operations each route declares next to its handler
 * (route()'s `openapi` option) and the zod schemas it parses with. A handler that declares none is left
 * out, and the OpenAPI test names it.
 */
export function buildOpenApiDocument(routes: Record<string, RouteModule>, info: { version: string; serverUrl: string }) {
  const paths: ZodOpenApiPathsObject = {};
  for (const [path, module] of Object.entries(routes)) {
    for (const method of HTTP_METHODS) {
      const spec = routeSpecOf(module[method]);
      const operation = spec && operationFor(spec, method);
      if (operation) paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
    }
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Voice campaigns API",
      version: info.version,
      description: "Personalised voice-message campaigns. Authenticate with `Authorization: Bearer <API key>` (created by the owner under Settings → API keys) or, from the app's own pages, the session cookie.",
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", bearerFormat: "vck_<prefix>_<secret>", description: "An organisation API key; `read` keys may only GET." },
        session: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "The browser session of a signed-in member (same-origin requests only)." },
      },
    },
  });
}
