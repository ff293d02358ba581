import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { whoMay } from "@/lib/values/roles";
import { requiredScope } from "@/lib/http/caller";
import { API_METHODS, type ApiMethod, type ApiOperation, type ApiPaths } from "./operation";

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

/** Who may call, with route()'s defaults filled in. */
type Caller = { access: "session" | "public"; role: NonNullable<ApiOperation["role"]>; scope: ApiOperation["scope"] };

/** The error answers the route wrapper itself gives, so operations declare only their own. */
function wrapperErrors(caller: Caller, method: ApiMethod): ZodOpenApiResponsesObject {
  const writes = method !== "get";
  const httpMethod = method.toUpperCase();
  return {
    "400": errorResponse("validation_failed or invalid_json: the parameters or body do not match the schema, or text holds a control character other than tab and line breaks"),
    ...(caller.access === "session"
      ? {
          "401": errorResponse("unauthorized (no session) or api_key_invalid (unknown or revoked key; with `WWW-Authenticate: Bearer`)"),
          "429": errorResponse("rate_limited: the API key's requests per minute are spent; see `Retry-After`"),
        }
      : {}),
    ...(writes ? { "413": errorResponse("payload_too_large"), "415": errorResponse("unsupported_media_type") } : {}),
    ...(writes || caller.access === "session"
      ? {
          "403": errorResponse(
            `forbidden (a cross-origin browser request, or a caller below the operation's \`x-minimum-role\`) or insufficient_scope (an API key without the ${requiredScope(httpMethod, caller.scope)} scope)`,
          ),
        }
      : {}),
    "500": errorResponse("internal_error: logged with the request id"),
    "503": errorResponse("database_unavailable: the database cannot be reached right now; see `Retry-After`"),
  };
}

/** A declared operation as the document shows it: who may call it in words and security, and the wrapper's errors. */
function operationFor(declared: ApiOperation, method: ApiMethod): ZodOpenApiOperationObject {
  const { access = "session", role = "staff", scope, ...operation } = declared;
  const caller: Caller = { access, role, scope };
  const keyScope = requiredScope(method.toUpperCase(), scope);
  const session = access === "session";
  const note = !session
    ? operation.security
      ? null
      : "No session needed: the route checks its own credential and ignores API keys."
    : role === "staff"
      ? `Any member. API keys need the \`${keyScope}\` scope.`
      : `Needs ${whoMay(role)}, signed in; API keys are refused.`;
  return {
    ...operation,
    description: [operation.description, note].filter(Boolean).join("\n\n"),
    ...(session ? { "x-minimum-role": role } : {}),
    security: session ? [{ apiKey: [keyScope] }, { session: [] }] : (operation.security ?? []),
    responses: { ...wrapperErrors(caller, method), ...operation.responses },
  };
}

/**
 * The OpenAPI 3.1 document of the web API, from the operations each domain declares beside its zod
 * schemas (lib/openapi/<domain>.ts, gathered by lib/openapi/index.ts).
 */
export function buildOpenApiDocument(declared: ApiPaths, info: { version: string; serverUrl: string }) {
  const paths: ZodOpenApiPathsObject = {};
  for (const [path, item] of Object.entries(declared)) {
    for (const method of API_METHODS) {
      const operation = item[method];
      if (operation) paths[path] = { ...paths[path], [method]: operationFor(operation, method) };
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
