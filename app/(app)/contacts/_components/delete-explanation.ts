/** What deleting contacts does, said wherever they can be deleted. */
export const DELETE_EXPLANATION =
  "Their appointments and list memberships are deleted, and they are removed from the recipients of every campaign, past ones included. " +
  "Audio already rendered is kept: it is stored by content and shared with every message that says the same sentence. " +
  "A number on the do-not-call list stays on it, so a later import does not make it callable again.";
