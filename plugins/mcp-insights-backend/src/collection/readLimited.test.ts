import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  CollectionError,
  createOriginBoundFetch,
  fetchText,
} from './readLimited';

describe('reading collection targets', () => {
  const servers: http.Server[] = [];
  const seen: {
    server: string;
    url: string;
    headers: http.IncomingHttpHeaders;
  }[] = [];

  async function listen(
    name: string,
    handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
  ): Promise<string> {
    const server = http.createServer((req, res) => {
      seen.push({ server: name, url: req.url!, headers: req.headers });
      handler(req, res);
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  let prometheus: string;
  let elsewhere: string;

  beforeAll(async () => {
    elsewhere = await listen('elsewhere', (req, res) => {
      if (req.url === '/bounce') {
        res.writeHead(302, { location: `${prometheus}/api` }).end();
      } else res.end('moved');
    });
    prometheus = await listen('prometheus', (req, res) => {
      if (req.url === '/same') {
        res.writeHead(307, { location: '/api' }).end();
      } else if (req.url === '/cross') {
        res.writeHead(302, { location: `${elsewhere}/api` }).end();
      } else if (req.url === '/back') {
        res.writeHead(302, { location: `${elsewhere}/bounce` }).end();
      } else if (req.url === '/secret-error') {
        res.writeHead(500).end('password=hunter2');
      } else if (req.url === '/big') {
        res.end('x'.repeat(5000));
      } else res.end('ok');
    });
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    }
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const read = (path: string, maxBytes = 1_000_000) =>
    fetchText(`${prometheus}${path}`, {
      timeoutMs: 5000,
      maxBytes,
      maxBytesKey: 'mcpInsights.collection.maxResponseBytes',
      headers: { authorization: 'Bearer s3cret', 'x-api-key': 'k3y' },
      fetch: createOriginBoundFetch(),
    });

  it('keeps the configured headers on same-origin redirects', async () => {
    expect(await read('/same')).toBe('ok');
    expect(seen.map(s => [s.server, s.url])).toEqual([
      ['prometheus', '/same'],
      ['prometheus', '/api'],
    ]);
    expect(seen[1].headers).toMatchObject({
      authorization: 'Bearer s3cret',
      'x-api-key': 'k3y',
    });
  });

  it('sends no configured header to another origin a redirect names', async () => {
    expect(await read('/cross')).toBe('moved');
    expect(seen.map(s => [s.server, s.url])).toEqual([
      ['prometheus', '/cross'],
      ['elsewhere', '/api'],
    ]);
    expect(seen[0].headers.authorization).toBe('Bearer s3cret');
    expect(seen[1].headers.authorization).toBeUndefined();
    expect(seen[1].headers['x-api-key']).toBeUndefined();
    expect(seen[1].headers.accept).toMatch(/^text\/plain/);
  });

  it('stays without them when a later redirect comes back to the origin', async () => {
    expect(await read('/back')).toBe('ok');
    expect(seen.map(s => [s.server, s.url])).toEqual([
      ['prometheus', '/back'],
      ['elsewhere', '/bounce'],
      ['prometheus', '/api'],
    ]);
    expect(seen[2].headers.authorization).toBeUndefined();
  });

  it('reports a status or a size, never what the target answered', async () => {
    await expect(read('/secret-error')).rejects.toThrow(
      new CollectionError(`HTTP 500 from ${prometheus}/secret-error`),
    );
    await expect(read('/big', 1000)).rejects.toThrow(
      new CollectionError(
        `${prometheus}/big answered more than the 1000 bytes allowed (mcpInsights.collection.maxResponseBytes)`,
      ),
    );
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
    await expect(
      fetchText(`http://127.0.0.1:${port}/metrics`, {
        timeoutMs: 5000,
        maxBytes: 1000,
        maxBytesKey: 'x',
        fetch,
      }),
    ).rejects.toThrow(
      `cannot reach http://127.0.0.1:${port}/metrics: ECONNREFUSED`,
    );
  });
});
