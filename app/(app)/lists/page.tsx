import type { Metadata } from "next";
import { listContactLists } from "@/lib/contacts";
import { ListsManager } from "./lists-manager";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Lists" };

export default async function ListsPage() {
  const lists = await listContactLists(await getPageContext());
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Lists</h1>
        <p className="mt-1 text-sm text-slate-600">
          Named groups of contacts. An import can fill one; on the Contacts page, select contacts to add them. A campaign can go to a list.
        </p>
      </div>
      <ListsManager initial={lists} />
    </section>
  );
}
