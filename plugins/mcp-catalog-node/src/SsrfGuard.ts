import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, Dispatcher, request } from 'undici';
import {
  bodyOf,
  bufferedResponseOf,
  headerOf,
  isEventStream,
  responseOf,
} from './fetchResponses';
import { SsrfRefusedError } from './guardErrors';
import {
  CredentialsForUrl,
  GuardedFetch,
  GuardedRequester,
} from './guardedHttp';

/**
 * Which destinations discovery may reach.
 *
 * @public
 */
export interface NetworkPolicy {
  /**
   * Allow loopback, private, link-local and other non-public ranges. Development only: the
   * example servers run on localhost.
   */
  allowPrivateNetworks: boolean;
  /** CIDRs (e.g. `10.20.0.0/16`) reachable even when private networks are refused. */
  allowedCidrs: string[];
}

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
  'ipv4Compatible',
]);

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that carry a caller's identity; never sent on to another origin by a redirect. */
const IDENTITY_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** True for addresses of `::/96` other than `::` and `::1`. */
function isIpv4Compatible(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() !== 'ipv6') return false;
  const parts = (address as ipaddr.IPv6).parts;
  return (
    parts.slice(0, 6).every(p => p === 0) && (parts[6] !== 0 || parts[7] > 1)
  );
}

/**
 * Keeps discovery away from internal addresses (SSRF): every address a host name resolves to is
 * checked when the connection is made (so DNS rebinding cannot swap it afterwards), IP literals
 * are checked before, and each redirect hop is checked again.
 *
 * @public
 */
export class SsrfGuard {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly agent: Agent;
  /**
   * Verdicts on IP-literal hosts, which depend only on the policy: the gateway sends every call
   * of an upstream to the same address, and parsing it each time was a measurable share of a
   * call's CPU. Bounded: cleared when full.
   */
  private readonly literalVerdicts = new Map<string, string | null>();

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
    // IPv4-compatible IPv6 (::a.b.c.d, deprecated by RFC 4291) is no range of ipaddr.js, so it
    // would count as public; some stacks still route it to the embedded IPv4 address.
    const range = isIpv4Compatible(parsed) ? 'ipv4Compatible' : parsed.range();
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
    let verdict = this.literalVerdicts.get(url.hostname);
    if (verdict === undefined) {
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      verdict = null;
      if (net.isIP(host)) {
        try {
          this.checkAddress(host, host);
        } catch (refused) {
          if (!(refused instanceof SsrfRefusedError)) throw refused;
          verdict = refused.message;
        }
      }
      if (this.literalVerdicts.size >= 1000) this.literalVerdicts.clear();
      this.literalVerdicts.set(url.hostname, verdict);
    }
    if (verdict) throw new SsrfRefusedError(verdict);
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
   * Sends requests under the policy and answers with undici's raw response (the caller reads the
   * body and bounds it): the layer under {@link SsrfGuard.createFetch}, for callers that speak
   * HTTP themselves (the gateway's direct tool calls). Follows at most `maxRedirects` redirects,
   * each re-checked, as `redirect` says: `follow` any, `same-origin` only within the first
   * origin (the MCP SDK's policy; another origin's redirect is answered as it came), `manual`
   * none, `error` fails on one.
   *
   * Credentials are not the caller's to attach: `credentials` names the headers of each URL's
   * origin, and they are set anew on every hop, so a redirect to another origin (or a catalog
   * entry pointing elsewhere) never receives a secret configured for a different one. Identity
   * headers the caller set itself are dropped when a redirect leaves the first origin.
   */
  createRequester(
    options: {
      maxRedirects?: number;
      credentials?: CredentialsForUrl;
    } = {},
  ): GuardedRequester {
    const maxRedirects = options.maxRedirects ?? 3;
    return async (input, init) => {
      let url = typeof input === 'string' ? new URL(input) : input;
      const origin = url.origin;
      let method = init.method.toUpperCase();
      let headers = init.headers;
      let body = init.body;
      let copied = false;
      const own = () => {
        if (!copied) headers = { ...headers };
        copied = true;
        return headers;
      };
      let injected: string[] = [];
      for (let hop = 0; ; hop++) {
        this.checkUrl(url);
        for (const name of injected) delete own()[name];
        if (url.origin !== origin)
          for (const name of IDENTITY_HEADERS) delete own()[name];
        const credentials = options.credentials?.(url);
        injected = credentials
          ? Object.keys(credentials).map(n => n.toLowerCase())
          : [];
        if (credentials)
          for (const [name, value] of Object.entries(credentials))
            own()[name.toLowerCase()] = value;
        let answer: Dispatcher.ResponseData;
        try {
          answer = await request(url, {
            dispatcher: this.agent,
            method: method as Dispatcher.HttpMethod,
            headers,
            body,
            signal: init.signal ?? undefined,
          });
        } catch (error) {
          // undici wraps connect errors; surface the policy's own message.
          const cause = (error as { cause?: unknown }).cause;
          if (cause instanceof SsrfRefusedError) throw cause;
          throw error;
        }
        const location = headerOf(answer.headers, 'location');
        if (!REDIRECT_STATUSES.has(answer.statusCode) || !location)
          return answer;
        const next = new URL(location, url);
        if (
          init.redirect === 'manual' ||
          (init.redirect === 'same-origin' && next.origin !== origin)
        )
          return answer;
        await answer.body.dump();
        if (init.redirect === 'error')
          throw new SsrfRefusedError(
            `Redirect (HTTP ${answer.statusCode}) refused by the request`,
          );
        if (hop >= maxRedirects) {
          throw new SsrfRefusedError(
            `Too many redirects (more than ${maxRedirects}) from ${origin}`,
          );
        }
        url = next;
        if (
          answer.statusCode === 303 ||
          ((answer.statusCode === 301 || answer.statusCode === 302) &&
            method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          delete own()['content-type'];
        }
      }
    };
  }

  /**
   * A fetch for the MCP SDK transports that enforces the policy (see
   * {@link SsrfGuard.createRequester}: redirects re-checked, credentials bound to origins) and
   * fails bodies larger than `maxResponseBytes`. It sends requests with undici's `request`
   * rather than its WHATWG fetch: discovery makes a few requests to each of many servers, and
   * the fetch machinery (request objects, timing entries, stream piping) cost more CPU than the
   * exchanges themselves. A request with `redirect: 'manual'` (the SDK's same-origin redirect
   * policy) or `'error'` gets the redirect answer back instead.
   */
  createFetch(options: {
    maxResponseBytes: number;
    maxRedirects?: number;
    credentials?: CredentialsForUrl;
  }): GuardedFetch {
    const send = this.createRequester(options);
    return async (input, init) => {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = await bodyOf(init?.body, headers);
      const answer = await send(String(input), {
        method: init?.method ?? 'GET',
        headers,
        body,
        signal: init?.signal ?? undefined,
        redirect: init?.redirect === 'manual' ? 'manual' : init?.redirect,
      });
      if (
        REDIRECT_STATUSES.has(answer.statusCode) &&
        headerOf(answer.headers, 'location')
      )
        return responseOf(answer, options.maxResponseBytes);
      // An event stream is handed on as it arrives; anything else (a JSON answer) is read
      // whole first: the caller reads it at once anyway, and a buffer costs far less than a
      // web stream per response.
      return isEventStream(answer)
        ? responseOf(answer, options.maxResponseBytes)
        : bufferedResponseOf(answer, options.maxResponseBytes);
    };
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}
