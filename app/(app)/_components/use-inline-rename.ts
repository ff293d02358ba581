"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

/**
 * Renaming a row in place: `editing` while its form shows, `name` the draft; `submit` (the form's onSubmit)
 * saves the draft with `save`, closes the form and calls `onRenamed`; `rename` is that request's state.
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rename.mutate();
  };
  return { editing, setEditing, name, setName, rename, submit };
}
