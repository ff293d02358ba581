import type { Metadata } from "next";
import { listContactLists } from "@/lib/contacts";
import { PageHeader } from "../../_components/card";
import { ListsManager } from "./lists-manager";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Lists" };

export default async function ListsPage() {
  const lists = await listContactLists(await getPageContext());
  return (
    <section className="space-y-6">
      <PageHeader title="Lists">
        Named groups of contacts. An import can fill one; on the Contacts page, select contacts to add them. A campaign can go to a list.
      </PageHeader>
      <ListsManager initial={lists} />
    </section>
  );
}
