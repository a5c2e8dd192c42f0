import { ConfigReader, JsonObject } from '@backstage/config';
import { gatewayRoutedElsewhere } from './mcpGatewayUnlessRoutedElsewhere';

const config = (endpoints?: JsonObject[]) =>
  new ConfigReader({
    backend: { baseUrl: 'http://localhost:7007' },
    ...(endpoints ? { discovery: { endpoints } } : {}),
  });

describe('gatewayRoutedElsewhere', () => {
  it('keeps the gateway when discovery does not name it', () => {
    expect(gatewayRoutedElsewhere(config())).toBeUndefined();
    expect(
      gatewayRoutedElsewhere(
        config([
          {
            target: 'http://other:7007/api/{{pluginId}}',
            plugins: ['catalog'],
          },
          // A catch-all routes the backend's other callers, not its own plugins.
          { target: 'http://proxy/api/{{pluginId}}', plugins: ['*'] },
        ]),
      ),
    ).toBeUndefined();
  });

  it('keeps the gateway when discovery names this backend for it', () => {
    expect(
      gatewayRoutedElsewhere(
        config([
          {
            target: 'http://localhost:7007/api/{{ pluginId }}',
            plugins: ['mcp-gateway', 'catalog'],
          },
        ]),
      ),
    ).toBeUndefined();
  });

  it('names the gateway backend discovery routes it to', () => {
    expect(
      gatewayRoutedElsewhere(
        config([
          {
            target: 'http://localhost:7008/api/{{pluginId}}',
            plugins: ['mcp-gateway'],
          },
        ]),
      ),
    ).toBe('http://localhost:7008/api/mcp-gateway');
    expect(
      gatewayRoutedElsewhere(
        config([
          {
            target: {
              internal: 'http://mcp-gateway.svc:7007/api/mcp-gateway',
              external: 'https://mcp.example.com/api/mcp-gateway',
            },
            plugins: ['mcp-gateway'],
          },
        ]),
      ),
    ).toBe('http://mcp-gateway.svc:7007/api/mcp-gateway');
  });
});
