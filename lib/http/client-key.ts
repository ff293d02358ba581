import { clientAddressKey } from "@/lib/client-address";
import { env } from "@/lib/env";

/** The key rate limits use for this request's client (see lib/client-address.ts). */
export function clientKey(headers: { get(name: string): string | null }): string {
  return clientAddressKey(headers, env.serverlessHost);
}
