import type { Metadata } from "next";
import { roleAtLeast } from "@/lib/values/roles";
import { listWebhookDeliveries, listWebhookEndpoints, webhookEventTypes } from "@/lib/webhooks";
import { DeliveryLog } from "./_components/delivery-log";
import { EndpointForm, EndpointList } from "./_components/endpoints";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await getPageContext();
  const header = (
    <div>
      <h2 className="text-xl font-semibold">Webhooks</h2>
      <p className="mt-1 text-sm text-slate-600">
        Your phone system hears when a campaign is ready, partly failed or canceled, and when a schedule had nobody to call. Each delivery is signed (Standard
        Webhooks) and retried until your endpoint answers 2xx.
      </p>
    </div>
  );
  if (!roleAtLeast(ctx.user.role, "admin")) {
    return (
      <section className="space-y-6">
        {header}
        <p className="card text-sm text-slate-700">
          Only an admin or the owner of {ctx.organization.name} can see and change webhook endpoints: every delivery carries patients&apos; phone numbers and
          links to their messages.
        </p>
      </section>
    );
  }
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(ctx), listWebhookDeliveries(ctx)]);
  return (
    <section className="space-y-6">
      {header}
      <section aria-labelledby="endpoints-heading" className="card space-y-4">
        <h2 id="endpoints-heading" className="text-base font-semibold">
          Endpoints
        </h2>
        <EndpointList endpoints={endpoints} />
        <EndpointForm eventTypes={webhookEventTypes} />
      </section>
      <section aria-labelledby="log-heading" className="card space-y-3">
        <h2 id="log-heading" className="text-base font-semibold">
          Delivery log
        </h2>
        <DeliveryLog deliveries={deliveries} />
      </section>
    </section>
  );
}
