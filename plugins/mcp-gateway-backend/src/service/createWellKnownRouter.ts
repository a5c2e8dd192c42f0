import { DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import Router from 'express-promise-router';
import express from 'express';

/** The path prefix of the gateway's RFC 9728 documents. */
export const PROTECTED_RESOURCE_PREFIX =
  '/.well-known/oauth-protected-resource/api/mcp-gateway';

/** RFC 9728 protected-resource metadata of one gateway endpoint. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers: string[];
  bearer_methods_supported: string[];
  scopes_supported: string[];
  resource_name: string;
}

/**
 * The metadata of the endpoint at `path` (relative to the gateway base), served by a listener
 * whose gateway base URL is `gatewayBaseUrl`; Backstage's auth backend is the authorization
 * server.
 */
export async function protectedResourceMetadata(options: {
  config: Config;
  discovery: DiscoveryService;
  gatewayBaseUrl: string;
  path: string;
}): Promise<ProtectedResourceMetadata> {
  const refreshTokens =
    options.config.getOptionalBoolean(
      'auth.experimentalRefreshToken.enabled',
    ) ?? false;
  return {
    resource: `${options.gatewayBaseUrl}${options.path}`,
    authorization_servers: [await options.discovery.getExternalBaseUrl('auth')],
    bearer_methods_supported: ['header'],
    scopes_supported: ['openid', ...(refreshTokens ? ['offline_access'] : [])],
    resource_name: 'Backstage MCP gateway',
  };
}

/**
 * RFC 9728 protected-resource metadata for the gateway's MCP endpoints, at
 * `/.well-known/oauth-protected-resource/api/mcp-gateway/...`: MCP clients find Backstage's auth
 * backend as the authorization server there, after the 401 that names this document.
 */
export function createWellKnownRouter(options: {
  config: Config;
  discovery: DiscoveryService;
}): express.Router {
  const router = Router();
  router.get(
    /^\/oauth-protected-resource\/api\/mcp-gateway(\/.*)?$/,
    async (req, res) => {
      res.json(
        await protectedResourceMetadata({
          ...options,
          gatewayBaseUrl: await options.discovery.getExternalBaseUrl(
            'mcp-gateway',
          ),
          path: req.path.replace(
            /^\/oauth-protected-resource\/api\/mcp-gateway/,
            '',
          ),
        }),
      );
    },
  );
  return router;
}
