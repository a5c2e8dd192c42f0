import { DiscoveryService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import Router from 'express-promise-router';
import express from 'express';

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
  const refreshTokens =
    options.config.getOptionalBoolean(
      'auth.experimentalRefreshToken.enabled',
    ) ?? false;
  router.get(
    /^\/oauth-protected-resource\/api\/mcp-gateway(\/.*)?$/,
    async (req, res) => {
      const path = req.path.replace(
        /^\/oauth-protected-resource\/api\/mcp-gateway/,
        '',
      );
      const [gateway, auth] = await Promise.all([
        options.discovery.getExternalBaseUrl('mcp-gateway'),
        options.discovery.getExternalBaseUrl('auth'),
      ]);
      res.json({
        resource: `${gateway}${path}`,
        authorization_servers: [auth],
        bearer_methods_supported: ['header'],
        scopes_supported: [
          'openid',
          ...(refreshTokens ? ['offline_access'] : []),
        ],
        resource_name: 'Backstage MCP gateway',
      });
    },
  );
  return router;
}
