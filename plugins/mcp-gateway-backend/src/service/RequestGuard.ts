import { DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import { Request } from 'express';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection for the MCP endpoints, and the RFC 9728 metadata URL of each. A
 * browser request must come from the Backstage app or an allowed origin; on a backend that
 * serves localhost, the Host must be a loopback name too (a rebinding page resolves its own
 * domain to 127.0.0.1, so its requests carry its own Host).
 */
export class RequestGuard {
  private allowed?: Promise<{ origins: Set<string>; local: boolean }>;

  constructor(
    private readonly config: Config,
    private readonly discovery: DiscoveryService,
  ) {}

  /** The allowed origins and whether the backend serves localhost, read once. */
  private settings() {
    this.allowed ??= (async () => {
      const backend =
        this.config.getOptionalString('backend.baseUrl') ??
        new URL(await this.discovery.getExternalBaseUrl('mcp-gateway')).origin;
      const cors = this.config.getOptional('backend.cors.origin');
      const origins = [
        this.config.getOptionalString('app.baseUrl'),
        backend,
        ...(Array.isArray(cors) ? cors : [cors]),
        ...(this.config.getOptionalStringArray('mcpGateway.allowedOrigins') ??
          []),
      ]
        .filter((o): o is string => typeof o === 'string')
        .map(originOf)
        .filter((o): o is string => !!o);
      return {
        origins: new Set(origins),
        local: LOCAL_HOSTS.has(new URL(backend).hostname),
      };
    })();
    return this.allowed;
  }

  /** Why the request is refused, or undefined. */
  async check(req: Request): Promise<string | undefined> {
    const { origins, local } = await this.settings();
    const origin = req.headers.origin;
    if (origin && !origins.has(origin)) {
      const host = originOf(origin) ? new URL(origin).hostname : undefined;
      const localOrigin = local && host && LOCAL_HOSTS.has(host);
      if (!localOrigin)
        return `Origin ${origin} may not call the MCP gateway; add it to mcpGateway.allowedOrigins if it should`;
    }
    if (local) {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!LOCAL_HOSTS.has(host))
        return `Host ${req.headers.host} is not this backend's; requests to a localhost backend must use a loopback host name`;
    }
    return undefined;
  }

  /** The RFC 9728 metadata URL of the endpoint the request addressed. */
  async resourceMetadataUrl(req: Request): Promise<string> {
    const base = await this.discovery.getExternalBaseUrl('mcp-gateway');
    return getOAuthProtectedResourceMetadataUrl(new URL(`${base}${req.path}`));
  }
}
