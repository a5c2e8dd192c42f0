import type { IncomingMessage, ServerResponse } from 'node:http';

const LOCALHOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Mcp-Protocol-Version',
  'Mcp-Method',
  'Mcp-Name',
  'Mcp-Session-Id',
  'Last-Event-ID',
].join(', ');

/** Which browser origins may call the MCP endpoint. */
export interface OriginPolicy {
  /** Exact origins (scheme://host[:port]) allowed from anywhere. */
  allowedOrigins: readonly string[];
  /** Also allow pages served from this machine: http(s)://localhost, 127.0.0.1, [::1], any port. */
  allowLocalhostOrigins: boolean;
}

/** Whether a browser page at `origin` may call the endpoint under `policy`. */
export function isOriginAllowed(origin: string, policy: OriginPolicy): boolean {
  // "null" (sandboxed frames, file:// pages, cross-origin redirects) and garbage never parse.
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (policy.allowedOrigins.includes(url.origin)) return true;
  return policy.allowLocalhostOrigins && LOCALHOST_NAMES.has(url.hostname);
}

/**
 * Refuses browser requests from origins outside the policy (the MCP transport spec's defence
 * against DNS rebinding and cross-site calls) and answers CORS for the allowed ones. Requests
 * without an Origin header come from non-browser clients and pass. Returns whether the request
 * may proceed; when false the guard has answered it (403, or 204 for a preflight).
 */
export function createOriginGuard(policy: OriginPolicy) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (!isOriginAllowed(origin, policy)) {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          error: { code: -32000, message: `Origin not allowed: ${origin}` },
          id: null,
        }),
      );
      return false;
    }
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, GET, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return false;
    }
    return true;
  };
}
