import type { NextFunction, Request, Response } from 'express';

const ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID';

/**
 * Refuses browser requests from origins not in the allow-list (the MCP transport spec's defence
 * against DNS rebinding and cross-site calls) and answers CORS for the allowed ones. Requests
 * without an Origin header come from non-browser clients and pass.
 */
export function originValidation(allowedOrigins: readonly string[]) {
  const allowed = new Set(
    allowedOrigins.map(origin => origin.replace(/\/$/, '')),
  );
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin === undefined) {
      next();
      return;
    }
    if (!allowed.has(origin)) {
      res.status(403).json({
        jsonrpc: '2.0',
        error: { code: -32000, message: `Origin not allowed: ${origin}` },
        id: null,
      });
      return;
    }
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
    res.set(
      'Access-Control-Expose-Headers',
      'Mcp-Session-Id, WWW-Authenticate',
    );
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'POST, GET, DELETE, OPTIONS');
      res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
