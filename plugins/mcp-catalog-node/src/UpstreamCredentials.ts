import type { Config } from '@backstage/config';
import { CredentialsForUrl } from './guardedHttp';

/**
 * Header values for the MCP servers of one origin, optionally only for one catalog entity.
 *
 * @public
 */
export interface UpstreamCredential {
  /** `scheme://host[:port]`; the headers go to this origin only. */
  origin: string;
  /** When set, only requests made for this entity get the headers. */
  entityRef?: string;
  headers: Record<string, string>;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The credentials the platform sends to MCP servers (discovery, the gateway), from config.
 *
 * A credential is bound to the origin it was configured for, never to a catalog entity alone:
 * whoever may edit an entity could otherwise point its URL at their own host and be sent the
 * secret. An entity ref can narrow a credential further (two servers on one origin).
 *
 * @public
 */
export class UpstreamCredentials {
  private readonly byOrigin = new Map<string, UpstreamCredential[]>();

  constructor(credentials: UpstreamCredential[]) {
    for (const credential of credentials) {
      const list = this.byOrigin.get(credential.origin) ?? [];
      list.push(credential);
      this.byOrigin.set(credential.origin, list);
    }
  }

  /**
   * Reads `<key>` (an array of `{ origin, entityRef?, headers }`); a wrong entry stops the
   * backend with a message that names it and says how to fix it.
   */
  static fromConfig(config: Config | undefined, key: string) {
    const entries = config?.getOptionalConfigArray(key) ?? [];
    return new UpstreamCredentials(
      entries.map((entry, i) => {
        const where = `${key}[${i}]`;
        const raw = entry.getOptionalString('origin');
        if (!raw) {
          throw new Error(
            `${where} has no origin: credentials are sent only to the origin they are configured for. ` +
              `Add e.g. "origin: https://payments.mcp.internal" (scheme, host and port of the MCP server).`,
          );
        }
        let origin: string;
        try {
          const url = new URL(raw);
          if (url.protocol !== 'https:' && url.protocol !== 'http:')
            throw new Error('not http');
          origin = url.origin;
          if (url.pathname !== '/' || url.search || url.hash || url.username)
            throw new Error('not an origin');
        } catch {
          throw new Error(
            `${where}.origin "${raw}" is not an origin; write scheme, host and port only, e.g. https://payments.mcp.internal:8443`,
          );
        }
        const headers = entry.getConfig('headers');
        const values: Record<string, string> = {};
        for (const name of headers.keys()) {
          if (!HEADER_NAME.test(name))
            throw new Error(
              `${where}.headers has an invalid header name "${name}"`,
            );
          values[name.toLocaleLowerCase('en-US')] = headers.getString(name);
        }
        const entityRef = entry
          .getOptionalString('entityRef')
          ?.toLocaleLowerCase('en-US');
        return { origin, entityRef, headers: values };
      }),
    );
  }

  /** The headers for a request to `url` made on behalf of `entityRef`, if any are configured. */
  headersFor(url: URL, entityRef?: string): Record<string, string> | undefined {
    const candidates = this.byOrigin.get(url.origin);
    if (!candidates) return undefined;
    const ref = entityRef?.toLocaleLowerCase('en-US');
    // An entity-specific credential wins over one for the whole origin.
    return (
      candidates.find(c => c.entityRef !== undefined && c.entityRef === ref)
        ?.headers ?? candidates.find(c => c.entityRef === undefined)?.headers
    );
  }

  /** {@link UpstreamCredentials.headersFor} for one entity, as the guarded fetch takes it. */
  forEntity(entityRef?: string): CredentialsForUrl {
    return url => this.headersFor(url, entityRef);
  }

  /** True when nothing is configured. */
  get empty(): boolean {
    return this.byOrigin.size === 0;
  }
}
