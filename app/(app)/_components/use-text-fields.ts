"use client";

import { useState } from "react";

/**
 * State for a form of text inputs: `field("email")` spreads value and onChange onto an <input>, `reset()`
 * empties the form again (after a successful submit).
 */
export function useTextFields<K extends string>(initial: Record<K, string>) {
  const [values, setValues] = useState(initial);
  const field = (key: K) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });
  return { values, field, reset: () => setValues(initial) };
}
