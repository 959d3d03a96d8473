/** @module SSRF guard: which addresses a webhook may reach, checked on the literal URL at creation and on every resolved address at connect time. */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { UnprocessableError } from '../errors.js';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 onto IPv4: could reach anything
  ['2002::', 16], // 6to4
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`). */
function embeddedIpv4(ip: string): string | undefined {
  const m = /^(?:0{0,4}:){0,5}(?:ffff:)?(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip.replace(/^::/, '0:'));
  if (!m || !/^(::|0)/.test(ip)) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True when a webhook must not connect to this IP address. */
export function isForbiddenAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(ip.toLowerCase());
    if (v4 && isIP(v4) === 4) return blocked.check(v4, 'ipv4');
    return blocked.check(ip, 'ipv6');
  }
  return true;
}

/** The host of a URL as an IP literal (without IPv6 brackets), or undefined for a name. */
export function literalAddress(hostname: string): string | undefined {
  const h = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(h) ? h : undefined;
}

/** Checks an endpoint URL when it is created or changed: http(s) only, no credentials, no literal private address. */
export function assertWebhookUrl(raw: string, allowPrivate: boolean): string {
  const refuse = (message: string): never => {
    throw new UnprocessableError(`The webhook url is refused: ${message}`, [{ path: ['url'], message }]);
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') refuse('only http and https are allowed');
  if (url.username || url.password) refuse('must not carry credentials');
  const ip = literalAddress(url.hostname);
  if (ip && !allowPrivate && isForbiddenAddress(ip)) refuse(`${ip} is a private, loopback, link-local or reserved address`);
  return url.toString();
}

export class ForbiddenAddressError extends Error {
  readonly code = 'EWEBHOOKFORBIDDEN';
  constructor(host: string, ip: string) {
    super(`refused to connect to ${host} (${ip}): private, loopback, link-local or reserved address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s) agents: resolves the name and refuses it when any of its addresses is forbidden, so a DNS
 * name pointing at 127.0.0.1 (or re-pointed after creation) is caught on the connection itself.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isForbiddenAddress(a.address));
      if (bad) return callback(new ForbiddenAddressError(hostname, bad.address), []);
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
