/**
 * The demo backend as the example scripts wait on it: a guest token, and polls of the insights
 * and MCP catalog APIs until they know the example servers.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A token of the development guest user (auth.providers.guest). */
export async function guestToken(backstageUrl: string): Promise<string> {
  const response = await fetch(`${backstageUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(
      `no guest token from ${backstageUrl} (HTTP ${response.status}): pass a token or enable auth.providers.guest`,
    );
  }
  const body = (await response.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token)
    throw new Error('the guest auth provider answered without a token');
  return token;
}

/** Waits until the insights backend answers and knows the example servers from the catalog. */
export async function waitForInsights(options: {
  backstageUrl: string;
  servers: string[];
  timeoutMs?: number;
}): Promise<string> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken(base);
      const response = await fetch(`${base}/api/mcp-insights/v1/slo/servers`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.ok) {
        const body = (await response.json()) as { items: { name: string }[] };
        const known = new Set(body.items.map(i => i.name));
        if (options.servers.every(s => known.has(s))) return token;
        lastProblem = 'the catalog has not synced the example servers yet';
      } else lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(3000);
  }
  throw new Error(`MCP insights at ${base} not ready: ${lastProblem}`);
}

/**
 * Waits until the MCP catalog at `backstageUrl` has discovered a server (it answered), polling
 * its server API as the guest.
 */
export async function waitForDiscoveredServer(options: {
  backstageUrl: string;
  server: string;
  timeoutMs?: number;
}): Promise<void> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken(base);
      const response = await fetch(
        `${base}/api/mcp-catalog/v1/servers/default/${encodeURIComponent(
          options.server,
        )}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (response.ok) {
        const body = (await response.json()) as {
          status: string;
          firstSuccessAt?: string;
        };
        if (body.firstSuccessAt) return;
        lastProblem = `its discovery status is ${body.status}`;
      } else lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(3000);
  }
  throw new Error(
    `${options.server} not discovered by the MCP catalog at ${base}: ${lastProblem}`,
  );
}

/** Asks the MCP catalog to discover a server again now (as the guest, a platform-team member). */
export async function refreshDiscovery(options: {
  backstageUrl: string;
  server: string;
}): Promise<void> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const response = await fetch(
    `${base}/api/mcp-catalog/v1/servers/default/${encodeURIComponent(
      options.server,
    )}/refresh`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${await guestToken(base)}` },
    },
  );
  if (!response.ok)
    throw new Error(
      `the MCP catalog answered ${response.status} to a refresh of ${options.server}`,
    );
}

/**
 * Waits until the MCP catalog lists `tool` of `server` (a name in the default namespace) with its
 * current definition approved: discovery has seen the server and taken the tool as its baseline.
 */
export async function waitForApprovedTool(options: {
  backstageUrl: string;
  server: string;
  tool: string;
  timeoutMs?: number;
}): Promise<void> {
  const base = options.backstageUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  let lastProblem = 'not started';
  while (Date.now() < deadline) {
    try {
      const token = await guestToken(base);
      const response = await fetch(
        `${base}/api/mcp-catalog/v1/servers/default/${encodeURIComponent(
          options.server,
        )}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (response.ok) {
        const body = (await response.json()) as {
          tools: { name: string; state: string; approval: string }[];
        };
        const tool = body.tools.find(
          t => t.name === options.tool && t.state === 'active',
        );
        if (tool?.approval === 'approved') return;
        lastProblem = tool
          ? `${options.tool} is ${tool.approval}`
          : `discovery has not found ${options.tool} yet`;
      } else lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(3000);
  }
  throw new Error(
    `${options.tool} of ${options.server} not approved in the MCP catalog at ${base}: ${lastProblem}`,
  );
}
