import { formatPhoneNational } from "@/lib/contacts";

/**
 * The message a new campaign starts from, built from the organisation's settings. It asks for nothing a
 * phone call cannot capture (no "press 1"): the patient calls back instead. `{{firstName|there}}` keeps the
 * greeting whole for a contact without a first name.
 */
export function starterMessage(organization: { name: string; callbackNumber: string | null }): { template: string; sample: string } {
  // Braces in a name would read as a placeholder.
  const name = organization.name.replace(/[{}]/g, "").trim() || "our office";
  const callback = organization.callbackNumber ? `please call us at ${formatPhoneNational(organization.callbackNumber)}` : "please call us";
  return {
    template: `Hi {{firstName|there}}, this is ${name}. This is a reminder of your appointment on {{appointment.date}} at {{appointment.time}}. If you need to change it, ${callback}.`,
    sample: `Hi, this is ${name} with a reminder about your appointment.`,
  };
}
