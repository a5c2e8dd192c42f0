import {
  NetworkPolicy,
  SsrfGuard,
  SsrfRefusedError,
} from '@mcp-platform/plugin-mcp-catalog-node';
import dns from 'node:dns';
import net from 'node:net';
import { CollectionError, fetchText } from './readLimited';

/**
 * Reads servers' `/metrics` through the SSRF guard that discovery uses: every address a name
 * resolves to is checked when the connection is made, each redirect hop is checked again, and
 * bodies are capped. Metrics URLs come from catalog entities (annotations, remotes), so whoever
 * registers an entity chooses them; without the guard a scrape could read cloud metadata or an
 * internal admin endpoint.
 */
export class MetricsEndpointReader {
  private readonly guard: SsrfGuard;
  private readonly fetch: ReturnType<SsrfGuard['createFetch']>;

  constructor(
    private readonly options: {
      network: NetworkPolicy;
      timeoutMs: number;
      maxResponseBytes: number;
    },
  ) {
    this.guard = new SsrfGuard(options.network);
    this.fetch = this.guard.createFetch({
      maxResponseBytes: options.maxResponseBytes,
    });
  }

  /**
   * The text at `url`. Throws {@link CollectionError}; its message names the URL and a status
   * code or a fixed reason, never what the target answered.
   */
  async read(url: string): Promise<string> {
    await this.checkFirstHop(url);
    return fetchText(url, {
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxResponseBytes,
      maxBytesKey: 'mcpInsights.collection.maxResponseBytes',
      fetch: this.fetch,
    });
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.guard.close();
  }

  /**
   * Checks the URL and the addresses its host resolves to before the request, so a refusal of
   * the URL itself can say which address and setting are involved (the guard checks again at
   * connect). Everything in the message comes from the URL and DNS, not from the target.
   */
  private async checkFirstHop(url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CollectionError(`metrics URL "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new CollectionError(
        `metrics URL ${url} must be http or https, not ${parsed.protocol}`,
      );
    }
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: string[];
    if (net.isIP(host)) addresses = [host];
    else {
      try {
        addresses = (await dns.promises.lookup(host, { all: true })).map(
          a => a.address,
        );
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new CollectionError(
          `cannot reach ${url}: ${
            typeof code === 'string' ? code : 'no address'
          }`,
        );
      }
    }
    for (const address of addresses) {
      try {
        this.guard.checkAddress(address, host);
      } catch (error) {
        if (!(error instanceof SsrfRefusedError)) throw error;
        throw new CollectionError(
          `refusing to scrape ${host}${
            address === host ? '' : ` (${address})`
          }: not a public address. If the server is meant to be scraped, add its range to ` +
            'mcpInsights.collection.allowedCidrs (or set allowPrivateNetworks in development)',
        );
      }
    }
  }
}
