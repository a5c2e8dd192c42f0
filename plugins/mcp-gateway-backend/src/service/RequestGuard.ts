import { Config } from '@backstage/config';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import type { IncomingMessage } from 'node:http';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection for the MCP endpoints of one listener, and the RFC 9728 metadata URL
 * of each. A browser request must come from the Backstage app or an allowed origin; on a
 * listener that serves localhost, the Host must be a loopback name too (a rebinding page
 * resolves its own domain to 127.0.0.1, so its requests carry its own Host).
 */
export class RequestGuard {
  private allowed?: Promise<{ origins: Set<string>; local: boolean }>;

  /**
   * @param gatewayBaseUrl - the public base URL of the gateway on this listener, e.g.
   * `http://localhost:7007/api/mcp-gateway`
   */
  constructor(
    private readonly config: Config,
    private readonly gatewayBaseUrl: () => Promise<string>,
  ) {}

  /** The allowed origins and whether the listener serves localhost, read once. */
  private settings() {
    this.allowed ??= (async () => {
      const base = new URL(await this.gatewayBaseUrl());
      const cors = this.config.getOptional('backend.cors.origin');
      const origins = [
        this.config.getOptionalString('app.baseUrl'),
        this.config.getOptionalString('backend.baseUrl'),
        base.origin,
        ...(Array.isArray(cors) ? cors : [cors]),
        ...(this.config.getOptionalStringArray('mcpGateway.allowedOrigins') ??
          []),
      ]
        .filter((o): o is string => typeof o === 'string')
        .map(originOf)
        .filter((o): o is string => !!o);
      return {
        origins: new Set(origins),
        local: LOCAL_HOSTS.has(base.hostname),
      };
    })();
    return this.allowed;
  }

  /** Why the request is refused, or undefined. */
  async check(req: IncomingMessage): Promise<string | undefined> {
    const { local } = await this.settings();
    const origin = req.headers.origin;
    if (origin && !(await this.allowsOrigin(origin)))
      return `Origin ${origin} may not call the MCP gateway; add it to mcpGateway.allowedOrigins if it should`;
    if (local) {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!LOCAL_HOSTS.has(host))
        return `Host ${req.headers.host} is not this backend's; requests to a localhost backend must use a loopback host name`;
    }
    return undefined;
  }

  /** Whether a browser origin may call this listener (for CORS preflights). */
  async allowsOrigin(origin: string): Promise<boolean> {
    const { origins, local } = await this.settings();
    if (origins.has(origin)) return true;
    const host = originOf(origin) ? new URL(origin).hostname : undefined;
    return !!(local && host && LOCAL_HOSTS.has(host));
  }

  /** The RFC 9728 metadata URL of the endpoint at `path` (relative to the gateway base). */
  async resourceMetadataUrl(path: string): Promise<string> {
    return getOAuthProtectedResourceMetadataUrl(
      new URL(`${await this.gatewayBaseUrl()}${path}`),
    );
  }
}
