import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { promises as dns } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";

/**
 * Webhook URLs are typed in by users and fetched by the server, so without a guard an endpoint could make
 * the server POST to itself, the cloud metadata address or the clinic's internal network (SSRF). Only
 * public unicast addresses are allowed unless the install allows private ones (WEBHOOKS_ALLOW_PRIVATE_URLS).
 * An IPv6 address that carries an IPv4 address is judged by the IPv4 address it reaches (see embeddedIPv4).
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(canonicalIPv6(address));
  if (parsed.kind() === "ipv4") return parsed.range() === "unicast";
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded === "refuse") return false;
  if (embedded) return embedded.range() === "unicast";
  return v6.range() === "unicast";
}

/**
 * ipaddr.js reads the dotted tail of `::8.8.8.8` as if it were `::ffff:8.8.8.8`; the URL parser (as the
 * connection will) reads it as `::808:808`. Judge the address the socket would reach.
 */
function canonicalIPv6(address: string): string {
  if (isIP(address) !== 6) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 address an IPv6 address stands for, when it has one: IPv4-mapped `::ffff:a.b.c.d`,
 * IPv4-translated `::ffff:0:a.b.c.d` (RFC 6145), NAT64's well-known prefix `64:ff9b::a.b.c.d` (RFC 6052),
 * and 6to4 `2002:AABB:CCDD::/48` (RFC 3056). Forms that are never a public destination are refused
 * whatever they carry: IPv4-compatible `::a.b.c.d` (deprecated by RFC 4291, and `::7f00:1` is 127.0.0.1),
 * the local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215) and Teredo 2001::/32 (its server and client
 * addresses are both IPv4, one obfuscated).
 */
export function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | "refuse" | null {
  const p = v6.parts;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return ipv4Of(p[6]!, p[7]!); // ::ffff:a.b.c.d
  if (zeros(0, 6)) return "refuse"; // ::a.b.c.d (and :: and ::1)
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return ipv4Of(p[6]!, p[7]!); // ::ffff:0:a.b.c.d
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return ipv4Of(p[6]!, p[7]!); // 64:ff9b::a.b.c.d
  if (p[0] === 0x64 && p[1] === 0xff9b && p[2] === 1) return "refuse"; // 64:ff9b:1::/48
  if (p[0] === 0x2002) return ipv4Of(p[1]!, p[2]!); // 2002:AABB:CCDD::/48
  if (p[0] === 0x2001 && p[1] === 0) return "refuse"; // Teredo
  return null;
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
  if (blocked) {
    return err(
      refused(
        `${host} resolves to ${blocked}, a private or local address; webhooks go to public addresses only. To deliver to a dialer on your own network, the server's operator sets WEBHOOKS_ALLOW_PRIVATE_URLS=1 and restarts the app.`,
      ),
    );
  }
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
