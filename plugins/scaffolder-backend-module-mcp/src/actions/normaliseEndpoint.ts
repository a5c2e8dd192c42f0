/** C0 and C1 control characters (newline, tab, NUL...), which URL parsing would silently drop. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const CONTROL_NAMES: Record<string, string> = {
  '\n': 'a newline',
  '\r': 'a carriage return',
  '\t': 'a tab',
};

/**
 * Checks the public endpoint and returns it normalised (the WHATWG URL serialisation: lower-case
 * scheme and host, default port dropped, path percent-encoded), which is what the skeleton writes
 * into catalog-info.yaml; or the problem, saying what to change.
 */
export function normaliseEndpoint(
  value: string,
): { url: string } | { problem: string } {
  const shown = JSON.stringify(value);
  const control = CONTROL_CHARACTER.exec(value);
  if (control) {
    const name =
      CONTROL_NAMES[control[0]] ??
      `the control character U+${control[0]
        .charCodeAt(0)
        .toString(16)
        .toUpperCase()
        .padStart(4, '0')}`;
    return {
      problem: `Public MCP endpoint ${shown} contains ${name} (at position ${
        control.index + 1
      }): enter the URL on one line, without control characters`,
    };
  }
  const trimmed = value.trim();
  if (!URL.canParse(trimmed)) {
    return {
      problem: `Public MCP endpoint ${shown} is not a URL: use an absolute URL such as https://payments-ledger.mcp.internal/mcp`,
    };
  }
  const url = new URL(trimmed);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      problem: `Public MCP endpoint ${shown} must use https (or http), not ${url.protocol}`,
    };
  }
  if (url.username || url.password) {
    return {
      problem: `Public MCP endpoint ${shown} must not contain credentials: clients authenticate with OAuth tokens`,
    };
  }
  if (url.search || url.hash) {
    return {
      problem: `Public MCP endpoint ${shown} must not have a query or fragment: it is the OAuth resource identifier`,
    };
  }
  return { url: url.href };
}
