import type { CallOutcome } from "@/drizzle/schema/calls";

/**
 * What the delivery report calls each outcome: the call panel, the docs' table and any export use these.
 * Pure, so the client panel imports it as it is.
 */
export const OUTCOME_LABELS: Record<CallOutcome | "in_progress", string> = {
  confirmed: "Confirmed",
  cancel_requested: "Cancel requested",
  opted_out: "Opted out",
  voicemail: "Voicemail left",
  answered_no_key: "Answered, no key",
  no_answer: "No answer",
  busy: "Busy",
  invalid_number: "Invalid number",
  failed: "Failed",
  stopped: "Not called: calls stopped",
  canceled: "Not called: campaign canceled",
  in_progress: "In progress",
};
