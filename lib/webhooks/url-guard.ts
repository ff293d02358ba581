import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { promises as dns } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";

/**
 * Webhook URLs are typed in by users and fetched by the server, so without a guard an endpoint could make
 * the server POST to itself, the cloud metadata address or the clinic's internal network (SSRF). Only
 * public unicast addresses are allowed unless the install allows private ones (WEBHOOKS_ALLOW_PRIVATE_URLS).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:127.0.0.1 is 127.0.0.1.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

export type UrlGuard = { allowPrivate: boolean };

const refused = (message: string): AppError<"webhook_url_refused"> => appError("webhook_url_refused", message);

/** Checks a URL before it is saved: its host must resolve, and only to public addresses. */
export async function checkWebhookUrl(url: string, guard: UrlGuard): Promise<Result<URL, AppError<"webhook_url_refused">>> {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) return err(refused("Put no user name or password in the URL: deliveries are signed instead."));
  if (guard.allowPrivate) return ok(parsed);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return err(refused(`${host} does not resolve to an address.`));
  }
  const blocked = addresses.find((a) => !isPublicAddress(a));
  if (blocked) return err(refused(`${host} resolves to ${blocked}, a private or local address; webhooks go to public addresses only.`));
  return ok(parsed);
}

/**
 * The lookup every delivery connects with: it refuses a private address at connect time too, so a host
 * that resolved to a public address when saved and to 127.0.0.1 later (DNS rebinding) is still refused.
 */
export function guardedLookup(guard: UrlGuard): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const allowed = guard.allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) return callback(Object.assign(new Error(`${hostname} resolves only to private or local addresses`), { code: "EPRIVATE" }), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
