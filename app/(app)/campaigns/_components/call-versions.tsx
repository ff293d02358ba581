"use client";

import Link from "next/link";
import { callVersions, type CallSentences } from "@/lib/calls/versions";

function Version({ title, parts, testId }: { title: string; parts: string[]; testId: string }) {
  return (
    <div className="min-w-0 rounded-md bg-slate-50 p-2" data-testid={testId}>
      <p className="text-xs font-medium text-slate-700">{title}</p>
      <ol className="mt-1 space-y-1 text-sm break-words text-slate-800">
        {parts.map((p, i) => (
          <li key={i} className={i > 0 ? "text-indigo-900" : undefined}>
            {p}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * The two versions of the call, read-only: the message as a patient who answers hears it (then the key
 * prompt), and as an answering machine records it (then the callback sentence). The sentences are the
 * organisation's own, edited in Settings → Phone calls.
 */
export function CallVersions({ message, sentences }: { message: string; sentences: CallSentences }) {
  const versions = callVersions(message, sentences);
  return (
    <details className="rounded-md border border-slate-200 p-2 text-sm" data-testid="call-versions">
      <summary className="cursor-pointer font-medium text-slate-800">On the phone: what is heard and what voicemail records</summary>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <Version title="A patient who answers hears" parts={versions.answered} testId="call-version-answered" />
        <Version title="An answering machine records" parts={versions.machine} testId="call-version-machine" />
      </div>
      {versions.messageAsksForKeys && (
        <p className="mt-2 text-xs text-amber-800">Your message itself asks for a key: an answering machine records that sentence too. The call adds the key prompt by itself.</p>
      )}
      <p className="mt-2 text-xs text-slate-600">
        The added sentences are your organisation&apos;s: change them in{" "}
        <Link href="/settings/phone-calls" className="text-indigo-700 underline">
          Settings → Phone calls
        </Link>
        .
      </p>
    </details>
  );
}
