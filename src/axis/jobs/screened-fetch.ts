/**
 * The webhook worker's HTTP client. Webhook URLs are chosen by connected systems, so a POST from the
 * axis must not reach what only the axis can reach (SSRF): loopback, private networks, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved ranges — in IPv4,
 * IPv6, and IPv4 written inside IPv6. The check runs in the connection's own DNS look-up, so the
 * address checked is the address connected to (no DNS rebinding between check and connect).
 * AXIS_WEBHOOK_ALLOW_PRIVATE=true lifts it for closed networks (and tests).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** True for an address a webhook must not reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped and IPv4-compatible forms carry an IPv4 address: judge that one.
  const embedded = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (embedded) return blocked.check(embedded, 'ipv4');
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return blocked.check(address, 'ipv6');
}

export class ForbiddenAddressError extends Error {
  readonly code = 'EWEBHOOKFORBIDDEN';
  constructor(host: string, address: string) {
    super(`webhook host ${host} resolves to ${address}, a private or reserved address`);
  }
}

const screenedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 4);
    const list = Array.isArray(addresses) ? addresses : [];
    const bad = list.find((a) => isForbiddenAddress(a.address));
    if (bad || list.length === 0)
      return callback(new ForbiddenAddressError(hostname, bad?.address ?? 'nothing'), '', 4);
    if ((options as { all?: boolean }).all)
      return (callback as never as (e: null, a: LookupAddress[]) => void)(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * A `fetch` for webhook POSTs (method, headers, string body, timeout signal; redirects are never
 * followed) that refuses forbidden destinations unless `allowPrivate`.
 */
export function createWebhookFetch(options: { allowPrivate: boolean }): typeof fetch {
  if (options.allowPrivate) return fetch;
  return async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isForbiddenAddress(host)) throw new ForbiddenAddressError(host, host);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = typeof init.body === 'string' ? init.body : '';
    const status = await new Promise<number>((resolve, reject) => {
      const req = send(
        url,
        {
          method: init.method ?? 'POST',
          headers: { ...(init.headers as Record<string, string>), 'Content-Length': Buffer.byteLength(body) },
          lookup: screenedLookup,
          signal: init.signal ?? undefined,
        },
        (res) => {
          res.resume(); // the answer's body is not read
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    // A bodiless Response carries the status (the worker reads nothing else).
    return status >= 200 && status <= 599
      ? new Response(null, { status })
      : ({ status, body: null } as unknown as Response);
  };
}
