import type { Metadata } from "next";
import { listVoiceMixes } from "@/lib/voices";
import { PageHeader } from "../../../_components/card";
import { VoiceMixes } from "./_components/voice-mixes";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Voices" };

export default async function VoicesSettingsPage() {
  const ctx = await getPageContext();
  const mixes = await listVoiceMixes(ctx);
  return (
    <section className="space-y-6">
      <PageHeader title="Voices" level={2}>
        Blend voices into a house voice for {ctx.organization.name}. Saved mixes appear in every campaign&apos;s voice picker; a campaign keeps
        the blend it was made with, so renaming or deleting a mix never changes its audio.
      </PageHeader>
      <VoiceMixes initial={mixes} />
    </section>
  );
}
