import { isMcpServerEntity } from './entity';
import { validateMcpServerSpec } from './mcpServerSpec';

describe('validateMcpServerSpec', () => {
  it('accepts a server with streamable-http and sse remotes', () => {
    const result = validateMcpServerSpec({
      type: 'mcp-server',
      lifecycle: 'production',
      remotes: [
        { type: 'streamable-http', url: 'https://ledger.mcp.internal/mcp' },
        { type: 'sse', url: 'http://localhost:7101/sse' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      spec: {
        type: 'mcp-server',
        remotes: [
          { type: 'streamable-http', url: 'https://ledger.mcp.internal/mcp' },
          { type: 'sse', url: 'http://localhost:7101/sse' },
        ],
      },
    });
  });

  it('names each invalid field and says what is expected', () => {
    const result = validateMcpServerSpec({
      type: 'mcp-server',
      remotes: [
        { type: 'websocket', url: 'https://x/mcp' },
        { type: 'sse', url: 'not a url' },
        { type: 'sse', url: 'file:///etc/passwd' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'spec.remotes[0].type must be "streamable-http" or "sse"',
        'spec.remotes[1].url must be an absolute URL, e.g. https://payments.mcp.internal/mcp',
        'spec.remotes[2].url must use http or https',
      ],
    });
  });

  it('takes header names but refuses header values and URL credentials', () => {
    const result = validateMcpServerSpec({
      type: 'mcp-server',
      remotes: [
        {
          type: 'streamable-http',
          url: 'https://x.example/mcp',
          headers: [{ name: 'Authorization', isSecret: true }],
        },
        {
          type: 'streamable-http',
          url: 'https://x.example/mcp',
          headers: [{ name: 'Authorization', value: 'Bearer abc' }],
        },
        { type: 'sse', url: 'https://user:pw@x.example/sse' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'spec.remotes[1].headers[0].value must not be set: header values are secrets and come from the backend config (mcpCatalog.discovery.credentials)',
        'spec.remotes[2].url must not contain credentials: configure them in mcpCatalog.discovery.credentials',
      ],
    });
  });

  it('requires at least one remote', () => {
    const result = validateMcpServerSpec({ type: 'mcp-server', remotes: [] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatch(
      /^spec\.remotes must list/,
    );
  });
});

describe('isMcpServerEntity', () => {
  it('matches API entities of type mcp-server only', () => {
    const api = (type: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'x' },
      spec: { type },
    });
    expect(isMcpServerEntity(api('mcp-server'))).toBe(true);
    expect(isMcpServerEntity(api('openapi'))).toBe(false);
    expect(isMcpServerEntity({ ...api('mcp-server'), kind: 'Component' })).toBe(
      false,
    );
  });
});
