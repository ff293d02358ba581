import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { getPageContext } from "@/lib/context";
import { ContactsBrowser } from "./_components/contacts-browser";
import { DoNotCallUpload } from "./_components/do-not-call-upload";

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
          <p className="mt-1 text-sm text-slate-600">Everyone {ctx.organization.name} has imported. Import more from a new campaign.</p>
        </div>
        <Link href="/lists" className="btn">
          Manage lists
        </Link>
      </div>
      <ContactsBrowser initialListId={listId.success ? listId.data : null} organizationTimeZone={ctx.organization.timezone} />
      <DoNotCallUpload />
    </section>
  );
}
