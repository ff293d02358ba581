import type { Metadata } from "next";
import { roleAtLeast } from "@/lib/values/roles";
import { getCarrierSettings, publicUrlWarning } from "@/lib/calls";
import { listCampaigns } from "@/lib/campaigns";
import { getCallsConfig } from "@/lib/runtime/resources";
import { CarrierSettingsForm, TestCallForm } from "./_components/carrier-settings-form";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Phone calls" };

export default async function PhoneCallsPage() {
  const ctx = await getPageContext();
  const config = getCallsConfig();
  const header = (
    <div>
      <h2 className="text-xl font-semibold">Phone calls</h2>
      <p className="mt-1 text-sm text-slate-600">
        Deliver campaigns by phone through your own carrier account (Twilio, or a carrier that speaks Twilio&apos;s API). Patients press 1 to confirm, 2 to
        cancel or reschedule, 9 to stop these calls. See docs/calls.md for the setup.
      </p>
    </div>
  );
  if (!roleAtLeast(ctx.user.role, "admin")) {
    return (
      <section className="space-y-6">
        {header}
        <p className="card text-sm text-slate-700">Only an admin or the owner of {ctx.organization.name} can see and change how calls are placed.</p>
      </section>
    );
  }
  const settings = await getCarrierSettings(ctx, config);
  const warning = publicUrlWarning(config.publicUrl);
  // A test call can play a launched campaign's message, as a patient hears it.
  const launched = settings ? (await listCampaigns(ctx)).filter((c) => c.status !== "draft" && c.status !== "canceled").slice(0, 20) : [];
  return (
    <section className="space-y-6">
      {header}
      {warning && (
        <p role="status" className="card border-amber-300 bg-amber-50 text-sm text-amber-900">
          {warning}
        </p>
      )}
      <section aria-labelledby="carrier-heading" className="card space-y-4">
        <h2 id="carrier-heading" className="text-base font-semibold">
          Carrier and rules
        </h2>
        <CarrierSettingsForm settings={settings} />
      </section>
      {settings && (
        <section aria-labelledby="test-call-heading" className="card space-y-3">
          <h2 id="test-call-heading" className="text-base font-semibold">
            Send me a test call
          </h2>
          <TestCallForm campaigns={launched.map((c) => ({ id: c.id, name: c.name }))} />
        </section>
      )}
    </section>
  );
}
