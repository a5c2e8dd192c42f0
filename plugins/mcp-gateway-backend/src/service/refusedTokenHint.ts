import { ServiceUnavailableError } from '@backstage/errors';

/**
 * What to do when another plugin answers the gateway's own service token with 401, appended to
 * the error that reports the answer; empty for any other status.
 *
 * The receiving plugin checks the token against the keys of the `mcp-gateway` instance its own
 * backend's discovery names. When the gateway runs in a backend of its own, a 401 almost always
 * means that backend's discovery still names itself: the one misconfiguration that otherwise
 * shows up only as a bare 401 in the other backend's log.
 */
export function refusedTokenHint(pluginId: string, status: number): string {
  if (status !== 401) return '';
  return (
    `. ${pluginId} did not accept the gateway's service token: if the gateway runs in a backend ` +
    `of its own, the backend serving ${pluginId} must route mcp-gateway to it in ` +
    `discovery.endpoints (see "Running the gateway as its own backend" in the gateway's README)`
  );
}

/**
 * An error of a Backstage client (the catalog's) as the gateway passes it on: a 401 becomes a
 * 503 that says what to fix, since passing the 401 on would tell the gateway's caller that
 * their own token was refused, and send an MCP client to sign in again.
 */
export function asPeerRefusal(error: unknown, pluginId: string): unknown {
  const status = (error as { statusCode?: number })?.statusCode;
  if (status !== 401) return error;
  return new ServiceUnavailableError(
    `${pluginId} answered 401 to the gateway${refusedTokenHint(
      pluginId,
      status,
    )}`,
  );
}
