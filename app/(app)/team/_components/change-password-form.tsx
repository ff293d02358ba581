"use client";

import { useMutation } from "@tanstack/react-query";
import { PASSWORD_MIN } from "@/lib/auth/schemas";
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
    <form
      className="card space-y-3"
      aria-labelledby="password-heading"
      onSubmit={(e) => {
        e.preventDefault();
        if (!mismatch) change.mutate();
      }}
    >
      <h2 id="password-heading" className="text-base font-semibold">
        Your password
      </h2>
      <p className="text-sm text-slate-600">Signed in as {email}. Changing it signs you out on your other devices.</p>
      <input type="email" autoComplete="username" value={email} readOnly hidden />
      <div className="grid gap-3 sm:grid-cols-3">
        <div>
          <label htmlFor="current-password" className="label">
            Current password
          </label>
          <input id="current-password" type="password" className="input mt-1" autoComplete="current-password" required {...field("currentPassword")} />
        </div>
        <div>
          <label htmlFor="new-password" className="label">
            New password
          </label>
          <input id="new-password" type="password" className="input mt-1" autoComplete="new-password" required minLength={PASSWORD_MIN} {...field("newPassword")} />
        </div>
        <div>
          <label htmlFor="confirm-password" className="label">
            New password again
          </label>
          <input id="confirm-password" type="password" className="input mt-1" autoComplete="new-password" required aria-invalid={mismatch} {...field("confirm")} />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn" disabled={change.isPending || mismatch}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
        {mismatch && <span className="text-sm text-slate-600">The two new passwords differ.</span>}
        {change.isError && (
          <span role="alert" className="text-sm text-red-700">
            {change.error.message}
          </span>
        )}
        {change.isSuccess && (
          <span role="status" className="text-sm text-emerald-700">
            Password changed.
          </span>
        )}
      </div>
    </form>
  );
}
