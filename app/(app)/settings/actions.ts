"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/http";
import { organizationSettingsSchema, updateOrganizationSettings } from "@/lib/organizations";

export async function updateOrganizationSettingsAction(input: unknown) {
  const result = await action(organizationSettingsSchema, input, (ctx, data) => updateOrganizationSettings(ctx, data), { role: "admin" });
  // Every page reads the organisation (its name in the header, its zone in the builder).
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
