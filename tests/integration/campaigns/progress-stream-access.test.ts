import { beforeAll, expect, it } from "vitest";
import { addMember, addMemberSchema, removeMember, setupOwner, type Auth } from "@/lib/auth";
import { authenticateApiKey, createApiKey, isApiKeyStillActive, revokeApiKey } from "@/lib/api-keys";
import { getCampaignDetail, openProgressStream } from "@/lib/campaigns";
import { cookieHeader, createTestAuth, nextTestIp, signInRequest, TEST_BASE_URL } from "../../helpers/auth";
import { appointmentContacts, launchTestCampaign } from "../../helpers/campaign-run";
import { TEST_WORKER } from "../../../harness/seed";
import { readFrames, type Frame } from "../../helpers/sse-client";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";
import { contextFromHeaders, type SessionContext } from "@/lib/http/session";

const OWNER = { name: "Dana Owner", email: "dana@brightsmile.test", password: "correct horse battery", organizationName: "Bright Smile Dental" };
const MEMBER = { name: "Rosa Reception", email: "rosa@brightsmile.test", password: "front desk password" };
const isHeartbeat = (frame: Frame) => frame.comment?.startsWith("heartbeat") ?? false;

describeEachDatabase("who may keep watching a campaign's progress", (getDb) => {
  let database: TestDatabase;
  let auth: Auth;
  let owner: { ctx: SessionContext; cookie: string };
  let member: { ctx: SessionContext; cookie: string };
  let campaign: { id: string; status: "rendering"; launchedAt: Date };

  async function signIn(email: string, password: string) {
    const res = await signInRequest(auth, email, password, nextTestIp());
    if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}`);
    const cookie = cookieHeader(res);
    return { ctx: await contextFromHeaders(database, auth, new Headers({ cookie })), cookie };
  }

  /** The stream the route serves to the holder of this cookie, with a heartbeat every 20 ms. */
  const openFor = (cookie: string) =>
    openProgressStream({
      database,
      auth,
      organizationId: owner.ctx.organization.id,
      campaign,
      lastEventId: null,
      request: { signal: new AbortController().signal, headers: new Headers({ cookie }) },
      heartbeatMs: 20,
    });

  beforeAll(async () => {
    database = getDb();
    auth = createTestAuth(database.db);
    const created = await setupOwner(database.db, OWNER);
    if (!created.ok) throw new Error(created.error.message);
    owner = await signIn(OWNER.email, OWNER.password);
    const added = await addMember(owner.ctx, addMemberSchema.parse(MEMBER));
    if (!added.ok) throw new Error(added.error.message);
    member = await signIn(MEMBER.email, MEMBER.password);
    // Launched with no dispatcher running: the streams stay open on heartbeats alone.
    const id = await launchTestCampaign(owner.ctx, TEST_WORKER, { contacts: appointmentContacts(4) });
    const detail = await getCampaignDetail(owner.ctx, id);
    if (!detail.ok) throw new Error(detail.error.message);
    campaign = { id, status: "rendering", launchedAt: new Date(detail.value.launchedAt!) };
  });

  it("ends a removed member's open stream at the next heartbeat, and keeps the owner's open", async () => {
    const ownerStream = openFor(owner.cookie);
    let removal: Promise<unknown> | undefined;
    let removed = false;
    let heartbeatsAfterRemoval = 0;
    let snapshotSeen = false;
    const watched = await readFrames(openFor(member.cookie), (frame) => {
      if (frame.event === "snapshot") snapshotSeen = true;
      if (!isHeartbeat(frame)) return false;
      if (removed) heartbeatsAfterRemoval++;
      // The member watches for a while (the snapshot has arrived: heartbeats can come before it); then the
      // owner removes them, mid-stream.
      else if (snapshotSeen) removal ??= removeMember(owner.ctx, member.ctx.user.id).then((result) => ((removed = true), result));
      return heartbeatsAfterRemoval > 3;
    });
    expect(await removal).toEqual({ ok: true, value: { removed: MEMBER.email, revokedApiKeys: 0, disabledWebhookEndpoints: 0 } });
    expect(watched.frames.some((frame) => frame.event === "snapshot")).toBe(true);
    expect(watched.ended).toBe(true);
    // At most the one heartbeat whose check had started before the removal committed.
    expect(heartbeatsAfterRemoval).toBeLessThanOrEqual(1);

    let ownerHeartbeats = 0;
    const ownerWatch = await readFrames(ownerStream, (frame) => isHeartbeat(frame) && ++ownerHeartbeats === 5);
    expect(ownerWatch.ended).toBe(false);
  });

  it("ends a stream whose session was signed out", async () => {
    const again = await signIn(OWNER.email, OWNER.password);
    let signOut: Promise<Response> | undefined;
    let signedOut = false;
    let heartbeatsAfterSignOut = 0;
    const watched = await readFrames(openFor(again.cookie), (frame) => {
      if (!isHeartbeat(frame)) return false;
      if (signedOut) heartbeatsAfterSignOut++;
      else
        signOut ??= auth
          .handler(new Request(`${TEST_BASE_URL}/api/auth/sign-out`, { method: "POST", headers: { origin: TEST_BASE_URL, cookie: again.cookie } }))
          .then((res) => ((signedOut = true), res));
      return heartbeatsAfterSignOut > 3;
    });
    expect((await signOut)?.status).toBe(200);
    expect(watched.ended).toBe(true);
    expect(heartbeatsAfterSignOut).toBeLessThanOrEqual(1);
  });

  it("ends a stream watched with an API key once the key is revoked", async () => {
    const key = await createApiKey(owner.ctx, { name: "Wallboard", scope: "read" });
    if (!key.ok) throw new Error(key.error.message);
    const caller = await authenticateApiKey(database.db, key.value.token);
    if (!caller.ok) throw new Error(caller.error.message);
    const stream = openProgressStream({
      database,
      auth,
      organizationId: owner.ctx.organization.id,
      campaign,
      lastEventId: null,
      request: { signal: new AbortController().signal, headers: new Headers({ authorization: `Bearer ${key.value.token}` }) },
      stillAllowed: () => isApiKeyStillActive(database.db, caller.value),
      heartbeatMs: 20,
    });
    let revocation: Promise<unknown> | undefined;
    let revoked = false;
    let heartbeats = 0;
    let heartbeatsAfterRevocation = 0;
    const watched = await readFrames(stream, (frame) => {
      if (!isHeartbeat(frame)) return false;
      if (revoked) heartbeatsAfterRevocation++;
      // A key's stream stays open on heartbeats (no session to find), until the key is revoked.
      else if (++heartbeats === 3) revocation = revokeApiKey(owner.ctx, key.value.id).then((result) => ((revoked = true), result));
      return heartbeatsAfterRevocation > 3;
    });
    expect(await revocation).toMatchObject({ ok: true });
    expect(watched.ended).toBe(true);
    expect(heartbeatsAfterRevocation).toBeLessThanOrEqual(1);
  });
});
