import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';

/** Thrown when a request targets an address the network policy refuses. */
export class SsrfRefusedError extends Error {
  name = 'SsrfRefusedError';
}

/** Thrown when a response body exceeds the configured cap. */
export class ResponseTooLargeError extends Error {
  name = 'ResponseTooLargeError';
}

/** Which destinations discovery may reach. */
export interface NetworkPolicy {
  /**
   * Allow loopback, private, link-local and other non-public ranges. Development only: the
   * example servers run on localhost.
   */
  allowPrivateNetworks: boolean;
  /** CIDRs (e.g. `10.20.0.0/16`) reachable even when private networks are refused. */
  allowedCidrs: string[];
}

/** The fetch signature of the MCP SDK's transports. */
export type GuardedFetch = (
  url: string | URL,
  init?: RequestInit,
) => Promise<Response>;

// ipaddr.js range names that are not the public internet.
const NON_PUBLIC_RANGES = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'carrierGradeNat',
  'private',
  'reserved',
  'uniqueLocal',
  'ipv4Mapped',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
  'benchmarking',
  'amt',
  'as112',
  'deprecated',
  'orchid2',
  'droneRemoteIdProtocolEntityTags',
  'discard',
]);

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Keeps discovery away from internal addresses (SSRF): every address a host name resolves to is
 * checked when the connection is made (so DNS rebinding cannot swap it afterwards), IP literals
 * are checked before, and each redirect hop is checked again.
 */
export class SsrfGuard {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly agent: Agent;

  constructor(private readonly policy: NetworkPolicy) {
    this.allowed = policy.allowedCidrs.map(cidr => {
      try {
        return ipaddr.parseCIDR(cidr);
      } catch {
        throw new Error(
          `Invalid CIDR "${cidr}" in mcpCatalog.discovery.allowedCidrs; use e.g. 10.0.0.0/8 or fd00::/8`,
        );
      }
    });
    this.agent = new Agent({
      connect: { lookup: this.lookup },
      // Discovery talks to many servers briefly; don't keep idle sockets around for long.
      keepAliveTimeout: 4_000,
    });
  }

  /** Throws SsrfRefusedError if the address is not allowed by the policy. */
  checkAddress(address: string, host: string): void {
    let parsed = ipaddr.parse(address);
    if (
      parsed.kind() === 'ipv6' &&
      (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ) {
      parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    }
    const range = parsed.range();
    const isPublic = !NON_PUBLIC_RANGES.has(range);
    if (isPublic || this.policy.allowPrivateNetworks) return;
    if (
      this.allowed.some(
        ([network, bits]) =>
          network.kind() === parsed.kind() && parsed.match(network, bits),
      )
    ) {
      return;
    }
    throw new SsrfRefusedError(
      `Refusing to connect to ${host} (${address}, ${range} address): discovery only reaches public addresses. ` +
        'Add the range to mcpCatalog.discovery.allowedCidrs if this server is meant to be reached.',
    );
  }

  /** Checks a URL's scheme and, for IP literals, its address. */
  checkUrl(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SsrfRefusedError(
        `Refusing ${url.protocol} URL ${url.href}: only http and https are allowed`,
      );
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (net.isIP(host)) this.checkAddress(host, host);
  }

  private readonly lookup = (
    hostname: string,
    options: dns.LookupOptions,
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | dns.LookupAddress[],
      family?: number,
    ) => void,
  ) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      try {
        // Every address must pass: a name that also resolves to an internal address is refused.
        for (const a of addresses) this.checkAddress(a.address, hostname);
      } catch (refused) {
        callback(refused as NodeJS.ErrnoException, '', 0);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };

  /**
   * A fetch for the MCP SDK transports that enforces the policy, follows at most
   * `maxRedirects` redirects (each re-checked) and fails bodies larger than `maxResponseBytes`.
   */
  createFetch(options: {
    maxResponseBytes: number;
    maxRedirects?: number;
  }): GuardedFetch {
    const maxRedirects = options.maxRedirects ?? 3;
    return async (input, init) => {
      let url = new URL(String(input));
      let method = init?.method ?? 'GET';
      let body = init?.body;
      for (let hop = 0; ; hop++) {
        this.checkUrl(url);
        let response;
        try {
          response = await undiciFetch(url, {
            ...(init as any),
            method,
            body: body as any,
            redirect: 'manual',
            dispatcher: this.agent,
          });
        } catch (error) {
          // undici wraps connect errors; surface the policy's own message.
          const cause = (error as { cause?: unknown }).cause;
          if (cause instanceof SsrfRefusedError) throw cause;
          throw error;
        }
        if (
          REDIRECT_STATUSES.has(response.status) &&
          response.headers.get('location')
        ) {
          if (hop >= maxRedirects) {
            throw new SsrfRefusedError(
              `Too many redirects (more than ${maxRedirects}) from ${String(
                input,
              )}`,
            );
          }
          await response.body?.cancel();
          url = new URL(response.headers.get('location')!, url);
          if (
            response.status === 303 ||
            ((response.status === 301 || response.status === 302) &&
              method === 'POST')
          ) {
            method = 'GET';
            body = undefined;
          }
          continue;
        }
        return limitBody(
          response as unknown as Response,
          options.maxResponseBytes,
        );
      }
    };
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

function limitBody(response: Response, maxBytes: number): Response {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(
      `Response of ${declared} bytes exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`,
    );
  }
  if (!response.body) return response;
  let seen = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) {
          controller.error(
            new ResponseTooLargeError(
              `Response exceeds the ${maxBytes}-byte limit (mcpCatalog.discovery.maxResponseBytes)`,
            ),
          );
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(counted, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
