import { z } from 'zod';
import { serverInfo } from './serverInfo.js';

/** Thrown when the environment does not describe a runnable server; lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

const commaList = z.string().transform(value =>
  value
    .split(',')
    .map(item => item.trim())
    .filter(Boolean),
);

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform(value => value === 'true' || value === '1');

/** A database, HTTP API or queue the tools connect to, as chosen in the template. */
const upstreamSchema = z
  .object({
    kind: z.enum(['database', 'http', 'queue', 'other']),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535),
  })
  .strict();

/** One of {@link Config.upstreams}. */
export type Upstream = z.infer<typeof upstreamSchema>;

const upstreamList = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a JSON list such as [{"kind":"http","host":"ledger-api.payments.svc","port":443}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(upstreamSchema));

const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an absolute http(s) URL',
});

const envSchema = z.object({
  MCP_ENVIRONMENT: z
    .enum(['development', 'staging', 'production'])
    .default(serverInfo.environment),
  MCP_TRANSPORT: z
    .enum(['streamable-http', 'stdio'])
    .default(serverInfo.transport),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The URL clients use for the MCP endpoint; it is the OAuth resource identifier. */
  MCP_PUBLIC_URL: httpUrl.optional(),
  /** Host names accepted in the Host header of /mcp (DNS-rebinding protection). */
  MCP_ALLOWED_HOSTS: commaList.optional(),
  /** Browser origins accepted on /mcp; requests from any other Origin are refused. */
  MCP_ALLOWED_ORIGINS: commaList.default([]),
  MCP_AUTH_DISABLED: flag.default(false),
  OAUTH_ISSUER: httpUrl.optional(),
  /** Audiences accepted besides the resource URI itself, e.g. an API identifier of the issuer. */
  OAUTH_AUDIENCE: commaList.default([]),
  OAUTH_JWKS_URL: httpUrl.optional(),
  OAUTH_REQUIRED_SCOPES: commaList.default([]),
  OAUTH_ALGORITHMS: commaList.default(['RS256', 'PS256', 'ES256', 'EdDSA']),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(serverInfo.rateLimitPerMinute),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** What the tools connect to (JSON), as the deployment's NetworkPolicy allows it. */
  MCP_UPSTREAMS: upstreamList.optional(),
  /** After SIGTERM, how long /readyz fails before the listener closes, so load balancers drain. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(5000),
  /** How long in-flight requests may take to finish once the listener is closed. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15000),
});

/** How the HTTP endpoint authenticates callers. */
export type AuthConfig =
  | { mode: 'disabled' }
  | {
      mode: 'jwt';
      issuer: string;
      /**
       * The canonical resource URI, as the protected-resource metadata advertises it; tokens
       * must be issued for it (RFC 8707).
       */
      resource: string;
      /** Accepted `aud` values: the resource URI with and without a trailing slash, and OAUTH_AUDIENCE. */
      audience: string[];
      jwksUrl?: string;
      requiredScopes: string[];
      algorithms: string[];
    };

/**
 * The canonical form of the server's resource URI (RFC 8707, MCP authorization): WHATWG-normalised
 * (lower-case scheme and host, default port dropped), no fragment, and no trailing slash when the
 * path is empty, as the MCP specification recommends.
 */
export function canonicalResourceUri(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.pathname === '/' && !copy.search
    ? copy.href.slice(0, -1)
    : copy.href;
}

/**
 * The `aud` values a token may carry: the resource URI with and without a trailing slash (clients
 * and authorization servers differ in which they send), plus any configured extra audiences.
 */
function acceptedAudiences(resource: string, extra: string[]): string[] {
  if (!resource) return extra;
  const bare = resource.replace(/\/$/, '');
  return [...new Set([bare, `${bare}/`, ...extra])];
}

/** The validated configuration of the server. */
export interface Config {
  environment: 'development' | 'staging' | 'production';
  transport: 'streamable-http' | 'stdio';
  host: string;
  port: number;
  publicUrl?: URL;
  /** Host names accepted in the Host header of /mcp (port-agnostic). */
  allowedHosts: string[];
  /** Browser origins accepted on /mcp, exactly (scheme, host and port). */
  allowedOrigins: string[];
  /**
   * Whether browser pages served from this machine (http(s)://localhost, 127.0.0.1 or [::1], any
   * port) may call /mcp: true when the server listens on loopback, where the browser and the
   * server share the machine; a remote server accepts only `allowedOrigins`.
   */
  allowLocalhostOrigins: boolean;
  auth: AuthConfig;
  rateLimit: { perMinute: number; burst: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  shutdown: { drainMs: number; timeoutMs: number };
  /**
   * Databases, HTTP APIs and queues the tools connect to: `MCP_UPSTREAMS`, else those chosen in
   * the template. Look addresses up here rather than hard-coding them in tools.
   */
  upstreams: Upstream[];
}

/**
 * Reads and checks the configuration from environment variables, refusing unsafe combinations
 * (no authentication outside development, a public bind address without allowed hosts).
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: { transport?: 'streamable-http' | 'stdio' } = {},
): Config {
  // Empty variables count as unset, as they do in Kubernetes manifests and .env files.
  const present = Object.fromEntries(
    Object.entries(env).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        issue => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  const transport = overrides.transport ?? e.MCP_TRANSPORT;
  const problems: string[] = [];

  const loopback = LOOPBACK_HOSTS.includes(e.HOST);
  // Compared with the Host header's hostname as WHATWG URL parsing gives it (lower case).
  const allowedHosts = new Set(
    (e.MCP_ALLOWED_HOSTS ?? []).map(host => host.toLowerCase()),
  );
  if (loopback) {
    for (const host of ['localhost', '127.0.0.1', '[::1]'])
      allowedHosts.add(host);
  }
  if (e.MCP_PUBLIC_URL) allowedHosts.add(new URL(e.MCP_PUBLIC_URL).hostname);

  const allowedOrigins: string[] = [];
  for (const origin of e.MCP_ALLOWED_ORIGINS) {
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (
      parsed &&
      /^https?:$/.test(parsed.protocol) &&
      parsed.pathname === '/' &&
      !parsed.search &&
      !parsed.hash &&
      !parsed.username
    ) {
      allowedOrigins.push(parsed.origin);
    } else {
      problems.push(
        `MCP_ALLOWED_ORIGINS: "${origin}" is not a browser origin: use scheme://host[:port] without a path, e.g. https://inspector.example`,
      );
    }
  }

  let auth: AuthConfig = { mode: 'disabled' };
  if (transport === 'streamable-http') {
    if (!loopback && !e.MCP_ALLOWED_HOSTS?.length) {
      problems.push(
        `MCP_ALLOWED_HOSTS: required when HOST is ${e.HOST} (not loopback): list the host names clients use, e.g. "${serverInfo.name}.mcp.internal,${serverInfo.name}"`,
      );
    }
    if (e.MCP_AUTH_DISABLED) {
      if (e.MCP_ENVIRONMENT !== 'development') {
        problems.push(
          `MCP_AUTH_DISABLED: authentication can only be switched off with MCP_ENVIRONMENT=development (it is ${e.MCP_ENVIRONMENT})`,
        );
      }
    } else {
      if (!e.OAUTH_ISSUER) {
        problems.push(
          'OAUTH_ISSUER: required: the authorization server whose JWTs this server accepts (or, in development only, set MCP_AUTH_DISABLED=true)',
        );
      }
      if (!e.MCP_PUBLIC_URL) {
        problems.push(
          `MCP_PUBLIC_URL: required with authentication: the URL clients call, e.g. https://${serverInfo.name}.mcp.internal/mcp; tokens must be issued for it`,
        );
      }
      const resource = e.MCP_PUBLIC_URL
        ? canonicalResourceUri(new URL(e.MCP_PUBLIC_URL))
        : '';
      auth = {
        mode: 'jwt',
        issuer: e.OAUTH_ISSUER ?? '',
        resource,
        audience: acceptedAudiences(resource, e.OAUTH_AUDIENCE),
        jwksUrl: e.OAUTH_JWKS_URL,
        requiredScopes: e.OAUTH_REQUIRED_SCOPES,
        algorithms: e.OAUTH_ALGORITHMS,
      };
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    environment: e.MCP_ENVIRONMENT,
    transport,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.MCP_PUBLIC_URL ? new URL(e.MCP_PUBLIC_URL) : undefined,
    allowedHosts: [...allowedHosts],
    allowedOrigins,
    allowLocalhostOrigins: loopback,
    auth,
    rateLimit: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      burst: e.RATE_LIMIT_BURST ?? e.RATE_LIMIT_PER_MINUTE,
    },
    logLevel: e.LOG_LEVEL,
    shutdown: {
      drainMs: e.SHUTDOWN_DRAIN_MS,
      timeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    },
    upstreams: e.MCP_UPSTREAMS ?? [...serverInfo.upstreams],
  };
}
