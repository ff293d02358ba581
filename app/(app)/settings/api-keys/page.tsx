import type { Metadata } from "next";
import { listApiKeyEvents, listApiKeys } from "@/lib/api-keys";
import { roleAtLeast } from "@/lib/values/roles";
import { PageHeader } from "../../../_components/card";
import { ApiKeys } from "./_components/api-keys";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await getPageContext();
  const canManage = roleAtLeast(ctx.user.role, "admin");
  return (
    <section className="space-y-6">
      <PageHeader title="API keys" level={2} className="max-w-3xl">
        Keys let your other systems (a scheduler, the phone system) use the HTTP API for {ctx.organization.name}: send{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-xs">Authorization: Bearer &lt;key&gt;</code>. The API is described at{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-xs">/api/openapi.json</code>.
      </PageHeader>
      {canManage ? (
        <ApiKeys initial={await listApiKeys(ctx)} activity={await listApiKeyEvents(ctx, 20)} />
      ) : (
        <p className="card text-sm text-slate-700">Only an admin or the owner of {ctx.organization.name} can see, create and revoke API keys.</p>
      )}
    </section>
  );
}
