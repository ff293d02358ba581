import type { Metadata } from "next";
import { roleAtLeast } from "@/lib/values/roles";
import { Card, PageHeader } from "../../../_components/card";
import { listWebhookDeliveries, listWebhookEndpoints, webhookEventTypes } from "@/lib/webhooks";
import { DeliveryLog } from "./_components/delivery-log";
import { EndpointForm, EndpointList } from "./_components/endpoints";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await getPageContext();
  const header = (
    <PageHeader title="Webhooks" level={2}>
      Your phone system hears when a campaign is ready, partly failed or canceled, and when a schedule had nobody to call. Each delivery is signed (Standard
      Webhooks) and retried until your endpoint answers 2xx.
    </PageHeader>
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
      <Card headingId="endpoints-heading" title="Endpoints" className="space-y-4">
        <EndpointList endpoints={endpoints} />
        <EndpointForm eventTypes={webhookEventTypes} />
      </Card>
      <Card headingId="log-heading" title="Delivery log">
        <DeliveryLog deliveries={deliveries} />
      </Card>
    </section>
  );
}
