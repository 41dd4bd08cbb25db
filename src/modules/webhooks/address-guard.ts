// Which addresses a webhook may reach: no loopback, private, link-local (cloud metadata), CGNAT, multicast or unspecified.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blockedRanges: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network", the unspecified address
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // CGNAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, including 169.254.169.254 (cloud metadata)
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved and broadcast
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['::', 96, 'ipv6'], // IPv4-compatible (deprecated): reaches IPv4 addresses
  ['::ffff:0:0:0', 96, 'ipv6'], // IPv4-translated (SIIT)
  ['64:ff9b::', 96, 'ipv6'], // NAT64: reaches IPv4 addresses, private ones included
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['2002::', 16, 'ipv6'], // 6to4: embeds an IPv4 address
  ['fec0::', 10, 'ipv6'], // site-local (deprecated)
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
}

export interface AddressGuard {
  /** Whether `address` (an IP literal) may be reached. IPv4-mapped IPv6 addresses are judged as IPv4. */
  allows(address: string): boolean;
  /** A `lookup` for node:http: resolves every address, refuses if any is blocked, connects to a checked one. */
  lookup: LookupFunction;
}

function list(ranges: readonly string[]): BlockList {
  const b = new BlockList();
  for (const r of ranges) {
    const [address, bits] = r.split('/') as [string, string | undefined];
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) b.addAddress(address, family);
    else b.addSubnet(address, Number(bits), family);
  }
  return b;
}

/** `allowed`: the operator's WEBHOOK_ALLOWED_ADDRESSES, exceptions to the blocked ranges. */
export function createAddressGuard(allowed: readonly string[]): AddressGuard {
  const blocked = new BlockList();
  for (const [address, bits, family] of blockedRanges) blocked.addSubnet(address, bits, family);
  const exceptions = list(allowed);
  const allows = (address: string) => {
    const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : null;
    if (!family) return false;
    return exceptions.check(address, family) || !blocked.check(address, family);
  };
  const lookup: LookupFunction = (hostname, options, callback) => {
    // Every address the name has, whatever family the caller asked for: one bad answer refuses the name, so a
    // rebinding name that answers a public address and a private one never gets through.
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => !allows(a.address));
      if (refused || !addresses.length) {
        const e = new BlockedAddressError(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which webhooks may not reach`);
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
      const first = wanted[0] ?? addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
  return { allows, lookup };
}
