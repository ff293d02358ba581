"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

/**
 * Renaming a row in place: `editing` while its form shows, `name` the draft; `rename` saves the draft with
 * `save`, closes the form and calls `onRenamed`.
 */
export function useInlineRename(current: string, save: (name: string) => Promise<unknown>, onRenamed: () => void) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(current);
  const rename = useMutation({
    mutationFn: () => save(name),
    onSuccess: () => {
      setEditing(false);
      onRenamed();
    },
  });
  return { editing, setEditing, name, setName, rename };
}
