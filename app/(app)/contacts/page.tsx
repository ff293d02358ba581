import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ContactImport } from "../campaigns/_components/contacts-panel";
import { ContactsBrowser } from "./_components/contacts-browser";
import { DoNotCallUpload } from "./_components/do-not-call-upload";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({ searchParams }: { searchParams: Promise<{ listId?: string }> }) {
  const ctx = await getPageContext();
  const listId = z.uuid().safeParse((await searchParams).listId);
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">Contacts</h1>
          <p className="mt-1 text-sm text-slate-600">Everyone {ctx.organization.name} has imported. Import more below.</p>
        </div>
        <Link href="/lists" className="btn">
          Manage lists
        </Link>
      </div>
      <section aria-labelledby="import-heading" className="card space-y-3">
        <h2 id="import-heading" className="text-base font-semibold">
          Import contacts
        </h2>
        <p className="text-sm text-slate-600">A CSV of patients and their appointments (from your practice system, for example). New people are added, known ones updated.</p>
        <ContactImport />
      </section>
      <ContactsBrowser initialListId={listId.success ? listId.data : null} organizationTimeZone={ctx.organization.timezone} />
      <DoNotCallUpload />
    </section>
  );
}
