import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { UpstreamCredentials } from './UpstreamCredentials';

const read = (credentials: JsonValue[]) =>
  UpstreamCredentials.fromConfig(
    new ConfigReader({ credentials }),
    'credentials',
  );

describe('UpstreamCredentials', () => {
  it('binds headers to an origin, an entity-specific entry winning over the origin-wide one', () => {
    const credentials = read([
      { origin: 'https://mcp.internal', headers: { 'X-Api-Key': 'shared' } },
      {
        origin: 'https://mcp.internal',
        entityRef: 'api:default/Ledger',
        headers: { Authorization: 'Bearer ledger' },
      },
    ]);
    const url = new URL('https://mcp.internal/ledger/mcp');
    expect(credentials.headersFor(url, 'api:default/ledger')).toEqual({
      authorization: 'Bearer ledger',
    });
    expect(credentials.headersFor(url, 'api:default/other')).toEqual({
      'x-api-key': 'shared',
    });
    // Another port, scheme or host is another origin.
    for (const other of [
      'https://mcp.internal:8443/mcp',
      'http://mcp.internal/mcp',
      'https://evil.example/mcp',
    ])
      expect(
        credentials.headersFor(new URL(other), 'api:default/ledger'),
      ).toBeUndefined();
  });

  it('refuses entries without an origin, or with more than an origin, saying how to fix them', () => {
    expect(() => read([{ headers: { a: 'b' } }])).toThrow(
      /credentials\[0\] has no origin: .*Add e\.g\. "origin: https:/,
    );
    expect(() =>
      read([{ origin: 'https://mcp.internal/path', headers: { a: 'b' } }]),
    ).toThrow(
      /credentials\[0\]\.origin "https:\/\/mcp\.internal\/path" is not an origin/,
    );
    expect(() =>
      read([{ origin: 'ftp://mcp.internal', headers: { a: 'b' } }]),
    ).toThrow(/is not an origin/);
    expect(() =>
      read([{ origin: 'https://mcp.internal', headers: { 'bad name': 'b' } }]),
    ).toThrow(/invalid header name "bad name"/);
  });
});
