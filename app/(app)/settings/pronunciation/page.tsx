import type { Metadata } from "next";
import { listPronunciations } from "@/lib/lexicon";
import { PageHeader } from "../../../_components/card";
import { PronunciationDictionary } from "./_components/pronunciation-dictionary";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pronunciation" };

export default async function PronunciationPage() {
  const ctx = await getPageContext();
  const entries = await listPronunciations(ctx);
  return (
    <section className="space-y-6">
      <PageHeader title="Pronunciation" level={2}>
        Names and words the voice says wrong, and how to say them instead, for every campaign of {ctx.organization.name}. Write how it sounds in
        plain letters (“win” for Nguyen); a change re-renders only the sentences that hold the word. Each entry is for messages in one language.
      </PageHeader>
      <PronunciationDictionary initial={entries} defaultLanguage={ctx.organization.defaultLanguage} />
    </section>
  );
}
