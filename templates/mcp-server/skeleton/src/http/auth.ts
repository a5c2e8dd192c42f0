import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/server';
import {
  type JWTPayload,
  type JWTVerifyGetKey,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import type { Logger } from '../logger.js';

/** The token is missing, malformed, expired, or not for this server: 401. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** The token is valid but lacks a required scope: 403. */
export class InsufficientScopeError extends Error {
  override name = 'InsufficientScopeError';
}

/** The authorization server's keys could not be fetched: 503, the client may retry. */
export class AuthUnavailableError extends Error {
  override name = 'AuthUnavailableError';
}

/** Validates access tokens. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<AuthInfo>;
}

/** Options of {@link createJwtVerifier}. */
export interface JwtVerifierOptions {
  issuer: string;
  /** Accepted `aud` values: the server's resource URI (its public MCP URL) and its variants. */
  audience: string[];
  /** Where the issuer publishes its keys; discovered from the issuer's metadata when unset. */
  jwksUrl?: string;
  algorithms: string[];
  clockToleranceSeconds?: number;
}

async function discoverJwksUrl(issuer: string): Promise<string> {
  const base = issuer.replace(/\/$/, '');
  // OpenID Connect discovery first, then OAuth 2.0 authorization server metadata (RFC 8414).
  const candidates = [
    `${base}/.well-known/openid-configuration`,
    `${new URL(issuer).origin}/.well-known/oauth-authorization-server${new URL(
      issuer,
    ).pathname.replace(/\/$/, '')}`,
  ];
  for (const candidate of candidates) {
    try {
      const response = await fetch(candidate, {
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) continue;
      const metadata = (await response.json()) as {
        issuer?: string;
        jwks_uri?: string;
      };
      if (metadata.issuer !== issuer) {
        throw new AuthUnavailableError(
          `The metadata at ${candidate} names issuer "${metadata.issuer}", not "${issuer}"`,
        );
      }
      if (metadata.jwks_uri) return metadata.jwks_uri;
    } catch (error) {
      if (error instanceof AuthUnavailableError) throw error;
    }
  }
  throw new AuthUnavailableError(
    `Could not discover the JWKS of ${issuer}; set OAUTH_JWKS_URL`,
  );
}

const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 1000;

function scopesOf(payload: JWTPayload): string[] {
  if (typeof payload.scope === 'string')
    return payload.scope.split(' ').filter(Boolean);
  if (Array.isArray(payload.scp))
    return payload.scp.filter(s => typeof s === 'string');
  return [];
}

/**
 * Verifies JWT access tokens: signature against the issuer's JWKS (cached, refreshed on unknown
 * key ids), `iss`, `aud`, `exp` and `nbf`, and an allow-list of algorithms (never `none` or HS*).
 */
export function createJwtVerifier(
  options: JwtVerifierOptions,
): AccessTokenVerifier {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const getKeySet = () => {
    keySet ??= (
      options.jwksUrl
        ? Promise.resolve(options.jwksUrl)
        : discoverJwksUrl(options.issuer)
    ).then(url => createRemoteJWKSet(new URL(url), { timeoutDuration: 5000 }));
    // A failed discovery is retried on the next request instead of being cached forever.
    keySet.catch(() => {
      keySet = undefined;
    });
    return keySet;
  };

  // Verified tokens, so a client's every call does not pay a signature check (~1 ms); an entry
  // lives until the token expires, at most CACHE_TTL_MS, as key rotation allows.
  const verified = new Map<string, { auth: AuthInfo; until: number }>();

  return {
    async verify(token) {
      const now = Date.now();
      const cached = verified.get(token);
      if (cached && cached.until > now) return cached.auth;
      verified.delete(token);

      const keys = await getKeySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: options.algorithms,
          clockTolerance: options.clockToleranceSeconds ?? 30,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        const keysUnavailable =
          !(error instanceof joseErrors.JOSEError) ||
          error instanceof joseErrors.JWKSTimeout ||
          error instanceof joseErrors.JWKSInvalid ||
          // A non-200 answer from the JWKS endpoint is a generic JOSE error.
          error.code === 'ERR_JOSE_GENERIC';
        if (keysUnavailable) {
          throw new AuthUnavailableError(
            `Could not fetch the signing keys of ${options.issuer}: ${
              (error as Error).message
            }`,
          );
        }
        if (error instanceof joseErrors.JWTExpired) {
          throw new InvalidTokenError('The access token has expired');
        }
        if (error instanceof joseErrors.JWTClaimValidationFailed) {
          throw new InvalidTokenError(
            error.claim === 'aud'
              ? 'The access token was not issued for this server (audience)'
              : `The access token's "${error.claim}" claim is invalid`,
          );
        }
        throw new InvalidTokenError('The access token is invalid');
      }
      const clientId =
        typeof payload.client_id === 'string'
          ? payload.client_id
          : typeof payload.azp === 'string'
          ? payload.azp
          : payload.sub ?? 'unknown';
      const auth: AuthInfo = {
        token,
        clientId,
        scopes: scopesOf(payload),
        expiresAt: payload.exp,
        extra: { subject: payload.sub, issuer: payload.iss },
      };
      if (verified.size >= CACHE_MAX_ENTRIES) {
        verified.delete(verified.keys().next().value!);
      }
      verified.set(token, {
        auth,
        until: Math.min(now + CACHE_TTL_MS, (payload.exp ?? 0) * 1000),
      });
      return auth;
    },
  };
}

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

/** A Node request that passed {@link createBearerTokenGate}, with the verified token. */
export type AuthenticatedRequest = IncomingMessage & { auth?: AuthInfo };

/**
 * Requires a bearer token, as the MCP authorization spec asks: a 401 with `WWW-Authenticate`
 * pointing at the protected-resource metadata for a missing or invalid token, a 403
 * `insufficient_scope` for missing scopes, a 503 while the issuer's keys cannot be fetched.
 * Tokens are accepted in the header only. Resolves true (with `req.auth` set) when the request
 * may proceed; false when the gate has answered it.
 */
export function createBearerTokenGate(options: {
  verifier: AccessTokenVerifier;
  resourceMetadataUrl: string;
  requiredScopes: string[];
  logger: Logger;
}) {
  const { verifier, resourceMetadataUrl, requiredScopes, logger } = options;
  const challenge = (params: Record<string, string>) =>
    `Bearer ${Object.entries({
      ...params,
      ...(requiredScopes.length ? { scope: requiredScopes.join(' ') } : {}),
      resource_metadata: resourceMetadataUrl,
    })
      .map(([key, value]) => `${key}=${quoted(value)}`)
      .join(', ')}`;

  const reject = (
    res: ServerResponse,
    status: 401 | 403,
    error: string,
    description: string,
  ) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'www-authenticate': challenge(
        error ? { error, error_description: description } : {},
      ),
    });
    res.end(
      JSON.stringify({
        error: error || 'unauthorized',
        error_description: description,
      }),
    );
    return false;
  };

  return async (
    req: AuthenticatedRequest,
    res: ServerResponse,
  ): Promise<boolean> => {
    const header = req.headers.authorization;
    if (!header) {
      // RFC 6750 §3.1: no error code when the request carried no credentials.
      return reject(
        res,
        401,
        '',
        'This MCP server requires an OAuth access token',
      );
    }
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header);
    if (!match?.[1]) {
      return reject(
        res,
        401,
        'invalid_request',
        'Use "Authorization: Bearer <access token>"',
      );
    }
    try {
      const auth = await verifier.verify(match[1]);
      const missing = requiredScopes.filter(
        scope => !auth.scopes.includes(scope),
      );
      if (missing.length > 0) {
        return reject(
          res,
          403,
          'insufficient_scope',
          `Missing scope: ${missing.join(' ')}`,
        );
      }
      req.auth = auth;
      return true;
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        logger.info('access token rejected', { reason: error.message });
        return reject(res, 401, 'invalid_token', error.message);
      }
      logger.error('access token could not be checked', { error });
      res.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': '5',
      });
      res.end(
        JSON.stringify({
          error: 'temporarily_unavailable',
          error_description: 'Try again shortly',
        }),
      );
      return false;
    }
  };
}

/** The OAuth 2.0 protected resource metadata document (RFC 9728) of this server. */
export function protectedResourceMetadata(options: {
  resource: string;
  issuer: string;
  scopes: string[];
  resourceName: string;
}) {
  return {
    resource: options.resource,
    authorization_servers: [options.issuer],
    bearer_methods_supported: ['header'],
    ...(options.scopes.length ? { scopes_supported: options.scopes } : {}),
    resource_name: options.resourceName,
  };
}

/** Where the metadata of `resource` is served: the well-known path plus the resource's path. */
export function protectedResourceMetadataUrl(resource: URL): string {
  const path =
    resource.pathname === '/' ? '' : resource.pathname.replace(/\/$/, '');
  return new URL(`/.well-known/oauth-protected-resource${path}`, resource).href;
}
