// The sign-in limit keys on the address the app's server vouches for. A direct client that writes a new
// X-Forwarded-For on every attempt still spends one budget; behind a configured proxy, the address that
// proxy added is the client, so two patients behind one clinic proxy are two clients.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, expect, it } from "vitest";
import { SIGN_IN_ATTEMPTS_PER_MINUTE, type Auth } from "@/lib/auth";
import { compileProxyTrust, stampClientAddress } from "@/lib/client-address";
import { createTestAuth, createUserInOrganization, TEST_BASE_URL } from "../../helpers/auth";
import { attemptSignIn } from "../../helpers/sign-in-attempt";
import { describeEachDatabase } from "../../helpers/test-db";

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** better-auth behind a node:http server that stamps the client address as scripts/web-server.ts does. */
async function serveAuth(auth: Auth, trustedProxies: number | string[] | undefined): Promise<string> {
  const trust = compileProxyTrust(trustedProxies);
  const server = http.createServer(async (req, res) => {
    stampClientAddress(req, trust);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : [])));
    const response = await auth.handler(new Request(`${TEST_BASE_URL}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
    res.writeHead(response.status).end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const attempt = (url: string, email: string, forwardedFor: string, localAddress: string) =>
  attemptSignIn(url, { email, origin: TEST_BASE_URL, forwardedFor, localAddress });

const ATTEMPTS = 10;
const limited = [...Array<number>(SIGN_IN_ATTEMPTS_PER_MINUTE).fill(401), ...Array<number>(ATTEMPTS - SIGN_IN_ATTEMPTS_PER_MINUTE).fill(429)];

describeEachDatabase("sign-in limit by client address", (getDb) => {
  let auth: Auth;
  const email = `limit-${Date.now()}@brightsmile.test`;
  beforeAll(async () => {
    const { db, organization } = getDb();
    auth = createTestAuth(db);
    await createUserInOrganization(db, { email, password: "the real long password", organizationId: organization.id });
  });

  it(`gives a direct client rotating X-Forwarded-For 429 after ${SIGN_IN_ATTEMPTS_PER_MINUTE} attempts`, async () => {
    const url = await serveAuth(auth, undefined);
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) statuses.push(await attempt(url, email, `203.0.113.${i + 1}`, "127.0.0.12"));
    expect(statuses).toEqual(limited);
  });

  it("believes the address a trusted proxy added, and only that proxy's", async () => {
    const url = await serveAuth(auth, ["127.0.0.13"]);
    // Through the proxy: ten patients, ten budgets (a client's own X-Forwarded-For entry in front is ignored).
    const throughProxy: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) throughProxy.push(await attempt(url, email, `192.0.2.99, 198.51.100.${i + 1}`, "127.0.0.13"));
    expect(throughProxy).toEqual(Array(ATTEMPTS).fill(401));
    // One patient behind it, ten tries: one budget.
    const onePatient: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) onePatient.push(await attempt(url, email, `192.0.2.${i + 1}, 198.51.100.200`, "127.0.0.13"));
    expect(onePatient).toEqual(limited);
    // Any other client writing the same headers is not the proxy: its own socket address is the key.
    const notTheProxy: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) notTheProxy.push(await attempt(url, email, `198.51.100.${i + 101}`, "127.0.0.14"));
    expect(notTheProxy).toEqual(limited);
  });
});
