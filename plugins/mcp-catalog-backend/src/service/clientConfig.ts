import {
  ClientConfigSnippet,
  McpClientKind,
  McpRemote,
  McpServerSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';

const envName = (server: string, header: string) =>
  `MCP_${server}_${header}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The snippet that adds a server to a client's MCP config. Header values are never included:
 * they are placeholders (environment variables or prompted inputs) the user fills in.
 */
export function clientConfig(
  server: McpServerSummary,
  client: McpClientKind,
): ClientConfigSnippet {
  const remote: McpRemote =
    server.remotes.find(r => r.type === 'streamable-http') ?? server.remotes[0];
  const headers = remote.headers ?? [];
  const key = server.name;
  if (client === 'vscode') {
    return {
      client,
      fileHint: '.vscode/mcp.json (workspace) or the user-level mcp.json',
      config: {
        ...(headers.length
          ? {
              inputs: headers.map(h => ({
                type: 'promptString',
                id: `${key}-${h.name.toLowerCase()}`,
                description: h.description ?? `${h.name} header for ${key}`,
                password: h.isSecret ?? true,
              })),
            }
          : {}),
        servers: {
          [key]: {
            type: remote.type === 'sse' ? 'sse' : 'http',
            url: remote.url,
            ...(headers.length
              ? {
                  headers: Object.fromEntries(
                    headers.map(h => [
                      h.name,
                      `\${input:${key}-${h.name.toLowerCase()}}`,
                    ]),
                  ),
                }
              : {}),
          },
        },
      },
    };
  }
  if (client === 'cursor') {
    return {
      client,
      fileHint: '~/.cursor/mcp.json or .cursor/mcp.json in the project',
      config: {
        mcpServers: {
          [key]: {
            url: remote.url,
            ...(headers.length
              ? {
                  headers: Object.fromEntries(
                    headers.map(h => [
                      h.name,
                      `\${env:${envName(key, h.name)}}`,
                    ]),
                  ),
                }
              : {}),
          },
        },
      },
    };
  }
  // Claude Desktop's config file starts local (stdio) servers: mcp-remote bridges to the remote.
  return {
    client,
    fileHint: 'claude_desktop_config.json (Settings → Developer → Edit Config)',
    config: {
      mcpServers: {
        [key]: {
          command: 'npx',
          args: [
            '-y',
            'mcp-remote',
            remote.url,
            ...(remote.type === 'sse' ? ['--transport', 'sse-only'] : []),
            ...headers.flatMap(h => [
              '--header',
              `${h.name}:\${${envName(key, h.name)}}`,
            ]),
          ],
          ...(headers.length
            ? {
                env: Object.fromEntries(
                  headers.map(h => [envName(key, h.name), `<${h.name} value>`]),
                ),
              }
            : {}),
        },
      },
    },
  };
}
