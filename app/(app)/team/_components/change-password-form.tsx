"use client";

import { useMutation } from "@tanstack/react-query";
import { PASSWORD_MIN } from "@/lib/auth/schemas";
import { CardForm, LabeledInput, SubmitRow } from "../../../_components/form-fields";
import { useTextFields } from "../../_components/use-text-fields";

/** better-auth's change-password endpoint; other sessions of this account are signed out. */
async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  const res = await fetch("/api/auth/change-password", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...input, revokeOtherSessions: true }),
  });
  if (res.ok) return;
  const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  if (body?.code === "INVALID_PASSWORD") throw new Error("Your current password is not right.");
  if (res.status === 429) throw new Error("Too many attempts. Wait a minute and try again.");
  throw new Error(body?.message ?? `The server answered ${res.status}. Try again.`);
}

export function ChangePasswordForm({ email }: { email: string }) {
  const { values: form, field, reset } = useTextFields({ currentPassword: "", newPassword: "", confirm: "" });
  const mismatch = form.confirm !== "" && form.confirm !== form.newPassword;
  const change = useMutation({
    mutationFn: () => changePassword({ currentPassword: form.currentPassword, newPassword: form.newPassword }),
    onSuccess: reset,
  });
  return (
    <CardForm headingId="password-heading" title="Your password" onSubmit={() => !mismatch && change.mutate()}>
      <p className="text-sm text-slate-600">Signed in as {email}. Changing it signs you out on your other devices.</p>
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <div className="grid gap-3 sm:grid-cols-3">
        <LabeledInput id="current-password" label="Current password" type="password" autoComplete="current-password" required {...field("currentPassword")} />
        <LabeledInput id="new-password" label="New password" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} {...field("newPassword")} />
        <LabeledInput id="confirm-password" label="New password again" type="password" autoComplete="new-password" required aria-invalid={mismatch} {...field("confirm")} />
      </div>
      <SubmitRow
        label="Change password"
        pendingLabel="Changing…"
        pending={change.isPending}
        disabled={mismatch}
        primary={false}
        error={change.error?.message}
        success={change.isSuccess && "Password changed."}
      >
        {mismatch && <span className="text-sm text-slate-600">The two new passwords differ.</span>}
      </SubmitRow>
    </CardForm>
  );
}
