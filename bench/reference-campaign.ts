/**
 * The reference appointment campaign every benchmark uses: 300 distinct first names, 24 time slots over one
 * day, 3 providers, and a 4-sentence template of which 2 sentences hold variables.
 */
import type { SeedContact } from "../harness/seed";

export const REFERENCE_TEMPLATE =
  "Hi {{firstName}}, this is Bright Smile Dental. Your appointment with {{appointment.provider}} is on {{appointment.date}} at {{appointment.time}}. Please bring your insurance card. Press 1 to confirm or 2 to reschedule.";

export const REFERENCE_WORKER = { engine: "kokoro", modelVersion: "bench", voices: ["af_heart"], msPerAudioSecond: 500, capacity: 2 };

const SYLLABLES = ["ma", "ri", "jo", "an", "el", "li", "sa", "to", "ne", "ka", "ro", "da", "mi", "lu", "ve", "ti", "no", "ra"];
export const FIRST_NAMES = Array.from({ length: 300 }, (_, i) => {
  const a = SYLLABLES[i % SYLLABLES.length]!;
  const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]!;
  const c = i >= SYLLABLES.length * SYLLABLES.length ? SYLLABLES[i % 7]! : "";
  const name = `${a}${b}${c}`;
  return name[0]!.toUpperCase() + name.slice(1);
});
export const PROVIDERS = ["Dr. Patel", "Dr. Nguyen", "Dr. Okafor"];

/** One day of 24 slots, 8:00 to 19:30 every 30 minutes, in New York time, 14 days from now. */
export function referenceSlots(): Date[] {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 14);
  return Array.from({ length: 24 }, (_, i) => {
    const d = new Date(day);
    // 8:00 New York is 13:00 UTC in winter and 12:00 in summer; the exact hour does not matter here.
    d.setUTCHours(13 + Math.floor(i / 2), (i % 2) * 30, 0, 0);
    return d;
  });
}

/** Deterministic pseudo-random picks (a 32-bit LCG), so every run plans the same campaign. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

export function referenceContacts(n: number): SeedContact[] {
  const slots = referenceSlots();
  const pick = lcg(42);
  return Array.from({ length: n }, (_, i) => ({
    firstName: FIRST_NAMES[i < FIRST_NAMES.length ? i : pick(FIRST_NAMES.length)]!,
    lastName: `Patient${i}`,
    appointment: { startsAt: slots[pick(slots.length)]!, provider: PROVIDERS[pick(PROVIDERS.length)]! },
  }));
}
