import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/values/roles";

/**
 * Who may call what: every route handler under app/api and every server action, with the least role that
 * may call it. `public` routes check a credential of their own (or none) and no role. A new route, method
 * or action that is missing here fails the first test: its role has to be decided, not inherited.
 *
 * Staff do the day-to-day work; admins also decide what leaves the app or runs by itself and the clinic's
 * settings; the owner also decides who works here (lib/values/roles.ts, docs/using.md "Roles").
 */
type Least = Role | "public";
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export const ROUTE_ROLES: Record<string, Partial<Record<Method, Least>>> = {
  "api-keys": { GET: "admin", POST: "admin" },
  "api-keys/[id]": { DELETE: "admin" },
  "audio/[file]": { GET: "staff" }, // or an export signature, which names no person
  "auth/[...all]": { GET: "public", POST: "public" },
  "campaigns": { GET: "staff", POST: "staff" },
  "campaigns/[id]": { GET: "staff", PATCH: "staff" },
  "campaigns/[id]/calls": { GET: "staff", POST: "staff" },
  "campaigns/[id]/calls/export": { GET: "staff" },
  "campaigns/[id]/calls/stop": { POST: "staff" },
  "campaigns/[id]/cancel": { POST: "staff" },
  "campaigns/[id]/duplicate": { POST: "staff" },
  "campaigns/[id]/events": { GET: "staff" },
  "campaigns/[id]/export": { GET: "staff" }, // or the signed link of a webhook delivery
  "campaigns/[id]/launch": { POST: "staff" },
  "campaigns/[id]/plan": { GET: "staff" },
  "campaigns/[id]/previews": { GET: "staff", POST: "staff" },
  "campaigns/[id]/recipients": { GET: "staff" },
  "campaigns/[id]/retry": { POST: "staff" },
  "campaigns/[id]/speech-check": { POST: "staff" },
  "campaigns/[id]/stale": { GET: "staff", POST: "staff" },
  "carrier-settings": { GET: "admin", PUT: "admin" },
  "carrier-settings/test-call": { POST: "admin" },
  "carrier/amd": { POST: "public" }, // signed by the carrier with the organisation's auth token
  "carrier/gather": { POST: "public" },
  "carrier/status": { POST: "public" },
  "carrier/voice": { POST: "public" },
  "contacts": { GET: "staff", DELETE: "staff" },
  "contacts/[id]": { GET: "staff", PATCH: "staff", DELETE: "staff" },
  "contacts/[id]/campaigns": { GET: "staff" },
  "contacts/[id]/opt-out": { PUT: "staff", DELETE: "staff" },
  "contacts/do-not-call": { POST: "staff" },
  "contacts/do-not-call/batches": { GET: "staff" },
  "contacts/do-not-call/batches/[id]/undo": { POST: "staff" },
  "contacts/do-not-call/preview": { POST: "staff" },
  "contacts/export": { GET: "staff" },
  "contacts/import": { POST: "staff" },
  "contacts/import/preview": { POST: "staff" },
  "cron/dispatch": { GET: "public" },
  "health": { GET: "public" },
  "lists": { GET: "staff", POST: "staff" },
  "lists/[id]": { GET: "staff", PATCH: "staff", DELETE: "staff" },
  "lists/[id]/members": { POST: "staff", DELETE: "staff" },
  "members": { GET: "staff", POST: "owner" },
  "members/[id]": { PATCH: "owner", DELETE: "owner" },
  "openapi.json": { GET: "staff" },
  "preview-links/[id]": { DELETE: "staff" },
  "previews/[token]/audio/[key]": { GET: "public" },
  "pronunciations": { GET: "staff", POST: "staff" },
  "pronunciations/[id]": { PATCH: "staff", DELETE: "staff" },
  "pronunciations/export": { GET: "staff" },
  "pronunciations/import": { POST: "staff" },
  "organization": { GET: "staff", PATCH: "admin" }, // the settings every member works under; admins change them
  "schedules": { GET: "staff", POST: "admin" }, // a schedule launches campaigns with nobody checking each one
  "schedules/[id]": { GET: "staff", PUT: "admin", DELETE: "admin" },
  "setup": { POST: "public" },
  "templates/preview": { POST: "staff" },
  "voice-mixes": { GET: "staff", POST: "staff" },
  "voice-mixes/[id]": { PATCH: "staff", DELETE: "staff" },
  "voices/audition": { POST: "staff" },
  "workers": { GET: "staff" },
};

/** Server actions, as `<folder under app/>#<export>`. */
export const ACTION_ROLES: Record<string, Role> = {
  "(app)/campaigns#createCampaignAction": "staff",
  "(app)/campaigns#updateCampaignAction": "staff",
  "(app)/campaigns#launchCampaignAction": "staff",
  "(app)/campaigns#cancelCampaignAction": "staff",
  "(app)/campaigns#duplicateCampaignAction": "staff",
  "(app)/campaigns#retryFailedSegmentsAction": "staff",
  "(app)/campaigns#rerenderStaleAudioAction": "staff",
  "(app)/campaigns#createPreviewLinkAction": "staff",
  "(app)/campaigns#revokePreviewLinkAction": "staff",
  "(app)/campaigns#startCampaignCallsAction": "staff",
  "(app)/campaigns#stopCampaignCallsAction": "staff",
  "(app)/contacts#updateContactAction": "staff",
  "(app)/contacts#deleteContactsAction": "staff",
  "(app)/contacts#optOutContactAction": "staff",
  "(app)/contacts#optInContactAction": "staff",
  "(app)/contacts#createListAction": "staff",
  "(app)/contacts#renameListAction": "staff",
  "(app)/contacts#deleteListAction": "staff",
  "(app)/contacts#addToListAction": "staff",
  "(app)/contacts#removeFromListAction": "staff",
  "(app)/schedules#createScheduleAction": "admin",
  "(app)/schedules#updateScheduleAction": "admin",
  "(app)/schedules#setSchedulePausedAction": "admin",
  "(app)/schedules#deleteScheduleAction": "admin",
  "(app)/settings#updateOrganizationSettingsAction": "admin",
  "(app)/settings/phone-calls#saveCarrierSettingsAction": "admin",
  "(app)/settings/phone-calls#placeTestCallAction": "admin",
  "(app)/settings/webhooks#createWebhookEndpointAction": "admin",
  "(app)/settings/webhooks#deleteWebhookEndpointAction": "admin",
  "(app)/settings/webhooks#replayWebhookDeliveryAction": "admin",
};

const ROLE_ORDER: Role[] = ["staff", "admin", "owner"];
const allows = (role: Role, least: Least) => least === "public" || ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(least);

const APP = "http://localhost:3000";
const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const NIL = "00000000-0000-4000-8000-000000000000";
const PARAMS: Record<string, unknown> = { id: NIL, file: `${"f".repeat(64)}.wav`, token: "AAAAAAAAAAAAAAAAAAAAAA", key: "f".repeat(64), all: ["get-session"] };
const APP_DIR = path.resolve(import.meta.dirname, "../../../app");
const API_DIR = path.join(APP_DIR, "api");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
type ActionFn = (...args: unknown[]) => Promise<unknown>;

function routeFiles(): string[] {
  return fs
    .readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.dirname(f).split(path.sep).join("/"))
    .sort();
}

/** Files under app/ that declare server actions: a `"use server"` file, or an inline one in a component. */
function actionFiles(): { file: string; inline: boolean }[] {
  return fs
    .readdirSync(APP_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => ({ f, text: fs.readFileSync(path.join(APP_DIR, f), "utf8") }))
    .filter(({ text }) => /["']use server["']/.test(text))
    .map(({ f, text }) => ({ file: f.split(path.sep).join("/"), inline: !/^\s*["']use server["'];?/.test(text) }));
}

/** The header a test sets for the server actions' `headers()` (next/headers is mocked in the test files to read it). */
export const ACTION_HEADERS = Symbol.for("voice-campaigns.test.action-headers");
const setActionCookie = (cookie: string | null) => ((globalThis as Record<symbol, unknown>)[ACTION_HEADERS] = cookie ? { cookie } : {});

export function describeRoleTable(driver: string, prepare: () => Promise<() => Promise<void>>, expectedKind: "pglite" | "postgres" = "pglite") {
  describe(`who may call each route and server action [${driver}]`, () => {
    let cleanup = async () => {};
    const cookies = {} as Record<Role, string>;
    let writeKey = "";
    const routes: { name: string; params: Record<string, unknown>; urlPath: string; handlers: Partial<Record<Method, Handler>> }[] = [];
    const actions: { name: string; fn: ActionFn }[] = [];

    beforeAll(async () => {
      cleanup = await prepare();
      const { getDatabase } = await import("@/lib/runtime/resources");
      const database = await getDatabase();
      expect(database.kind).toBe(expectedKind);
      const { signInAppOwner, createTestApiKey, createUserInOrganization, signInRequest, cookieHeader, nextTestIp } = await import("../../helpers/auth");
      const { getAuth } = await import("@/lib/runtime/resources");
      const owner = await signInAppOwner(`owner-${driver}@roles.test`);
      cookies.owner = owner.cookie;
      for (const role of ["admin", "staff"] as const) {
        const email = `${role}-${driver}@roles.test`;
        await createUserInOrganization(database.db, { email, password: `${role} password 1`, organizationId: owner.organizationId, role });
        const res = await signInRequest(await getAuth(), email, `${role} password 1`, nextTestIp());
        expect(res.status).toBe(200);
        cookies[role] = cookieHeader(res);
      }
      writeKey = (await createTestApiKey(database.db, owner, "write")).token;

      for (const name of routeFiles()) {
        const mod = (await import(/* @vite-ignore */ path.join(API_DIR, name, "route.ts"))) as Partial<Record<Method, Handler>>;
        const segments = name.split("/").map((s) => /^\[(?:\.\.\.)?(\w+)\]$/.exec(s)?.[1]);
        const params = Object.fromEntries(segments.filter((s): s is string => !!s).map((s) => [s, PARAMS[s]]));
        const urlPath = `/api/${name
          .split("/")
          .map((s, i) => (segments[i] ? [PARAMS[segments[i]!]].flat().join("/") : s))
          .join("/")}`;
        routes.push({ name, params, urlPath, handlers: Object.fromEntries(METHODS.filter((m) => mod[m]).map((m) => [m, mod[m]!])) });
      }
      for (const { file, inline } of actionFiles()) {
        if (inline) continue; // reported by the first test
        const mod = (await import(/* @vite-ignore */ path.join(APP_DIR, file))) as Record<string, unknown>;
        for (const [exported, fn] of Object.entries(mod)) {
          if (typeof fn === "function") actions.push({ name: `${path.posix.dirname(file)}#${exported}`, fn: fn as ActionFn });
        }
      }
    });

    afterAll(async () => {
      setActionCookie(null);
      const { getDatabase } = await import("@/lib/runtime/resources");
      await (await getDatabase()).close();
      await cleanup();
    });

    const callRoute = (entry: (typeof routes)[number], method: Method, headers: Record<string, string>) => {
      const body = method === "GET" ? undefined : "{}";
      const req = new NextRequest(new URL(entry.urlPath, APP), {
        method,
        headers: { ...headers, ...(body ? { "content-type": "application/json", "sec-fetch-site": "same-origin" } : {}) },
        body,
      });
      return entry.handlers[method]!(req, { params: Promise.resolve(entry.params) });
    };

    it("lists every route, method and server action with the least role that may call it", () => {
      const found = routes.flatMap((r) => (Object.keys(r.handlers) as Method[]).map((m) => `${m} ${r.name}`)).sort();
      const listed = Object.entries(ROUTE_ROLES)
        .flatMap(([name, methods]) => Object.keys(methods).map((m) => `${m} ${name}`))
        .sort();
      expect(found.filter((r) => !listed.includes(r)), "routes with no role decided: add them to ROUTE_ROLES").toEqual([]);
      expect(listed.filter((r) => !found.includes(r)), "ROUTE_ROLES lists routes that no longer exist").toEqual([]);
      expect(found.length).toBeGreaterThan(60);

      const inline = actionFiles().filter((a) => a.inline);
      expect(inline.map((a) => a.file), "inline server actions: move them to an actions.ts and list them").toEqual([]);
      const actionNames = actions.map((a) => a.name).sort();
      expect(actionNames.filter((a) => !(a in ACTION_ROLES)), "server actions with no role decided: add them to ACTION_ROLES").toEqual([]);
      expect(Object.keys(ACTION_ROLES).filter((a) => !actionNames.includes(a)), "ACTION_ROLES lists actions that no longer exist").toEqual([]);
      expect(actionNames.length).toBeGreaterThan(20);
    });

    it.each(ROLE_ORDER)("routes: %s is refused with 403 below each route's least role, and let through at or above it", async (role) => {
      const seen: string[] = [];
      for (const entry of routes) {
        for (const method of Object.keys(entry.handlers) as Method[]) {
          const least = ROUTE_ROLES[entry.name]?.[method];
          if (!least) continue; // reported by the first test
          const res = await callRoute(entry, method, { cookie: cookies[role] });
          const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
          const refusedForRole = res.status === 403 && body?.error?.code === "forbidden" && /^Only (the owner|an admin or the owner) can do this/.test(body.error.message);
          seen.push(`${method} ${entry.name} ${res.status}`);
          expect(res.status, `${method} ${entry.name} as ${role}: ${JSON.stringify(body)}`).not.toBe(500);
          if (allows(role, least)) {
            expect(refusedForRole, `${method} ${entry.name} must let ${role} through: ${JSON.stringify(body)}`).toBe(false);
            if (least !== "public") expect(res.status, `${method} ${entry.name} as ${role}`).not.toBe(401);
          } else {
            expect(refusedForRole, `${method} ${entry.name} must refuse ${role} (least: ${least}): ${res.status} ${JSON.stringify(body)}`).toBe(true);
          }
        }
      }
      console.log(`[roles] ${role}: ${seen.join("; ")}`);
    });

    it("routes: an API key acts as staff, and is refused what needs an admin or the owner", async () => {
      for (const entry of routes) {
        for (const method of Object.keys(entry.handlers) as Method[]) {
          const least = ROUTE_ROLES[entry.name]?.[method];
          if (!least || least === "public") continue;
          const res = await callRoute(entry, method, { authorization: `Bearer ${writeKey}` });
          const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
          const refused = res.status === 403 && body?.error?.code === "forbidden" && /^An API key cannot do this/.test(body.error.message);
          expect(refused, `${method} ${entry.name} with a key (least: ${least}): ${res.status} ${JSON.stringify(body)}`).toBe(least !== "staff");
          expect(res.status, `${method} ${entry.name}`).not.toBe(500);
        }
      }
    });

    it.each(ROLE_ORDER)("server actions: %s is refused below each action's least role, before its input is looked at", async (role) => {
      setActionCookie(cookies[role]);
      for (const { name, fn } of actions) {
        const least = ACTION_ROLES[name];
        if (!least) continue;
        // No valid input: an action that lets the caller through answers validation_failed and changes nothing.
        const result = (await fn()) as { ok: boolean; error?: { code: string; message: string } };
        expect(result.ok, `${name} as ${role}`).toBe(false);
        if (allows(role, least)) expect(result.error?.code, `${name} must let ${role} through: ${result.error?.message}`).toBe("validation_failed");
        else expect(result.error, `${name} must refuse ${role} (least: ${least})`).toMatchObject({ code: "forbidden", message: expect.stringMatching(/^Only (the owner|an admin or the owner) can do this/) });
      }
    });

    it("server actions: without a session every one answers unauthorized", async () => {
      setActionCookie(null);
      for (const { name, fn } of actions) expect(await fn(), name).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    });
  });
}
