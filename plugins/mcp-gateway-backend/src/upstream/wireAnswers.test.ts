import { ResponseTooLargeError } from '@mcp-platform/plugin-mcp-catalog-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { request } from 'undici';
import { readText } from './wireAnswers';

/** A body read the way a direct tool call reads its upstream's answer: over real HTTP. */
describe('readText', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunk = (text: string) =>
        new Promise<void>(resolve => res.write(text, () => resolve()));
      void (async () => {
        if (req.url === '/chunks') {
          res.writeHead(200, { 'content-type': 'application/json' });
          // Several writes, so the body arrives in more than one chunk; a multi-byte character
          // is split between two of them.
          await chunk('{"text":"');
          await new Promise(r => setTimeout(r, 20));
          res.write(Buffer.from('é', 'utf8').subarray(0, 1));
          await new Promise(r => setTimeout(r, 20));
          res.write(Buffer.from('é', 'utf8').subarray(1));
          res.end('"}');
        } else if (req.url === '/big') {
          res.writeHead(200, { 'content-type': 'application/json' });
          for (let i = 0; i < 8; i++) await chunk('x'.repeat(1024));
          res.end();
        } else if (req.url === '/cut') {
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': '100',
          });
          await chunk('{"partial":');
          res.destroy();
        } else res.writeHead(200).end('{"ok":true}');
      })();
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });

  const bodyOf = async (path: string) =>
    (await request(`${base}${path}`)).body as unknown as Parameters<
      typeof readText
    >[0];

  it('reads a body whole, across chunks and split characters', async () => {
    expect(JSON.parse(await readText(await bodyOf('/chunks'), 1024))).toEqual({
      text: 'é',
    });
    expect(await readText(await bodyOf('/small'), 1024)).toBe('{"ok":true}');
  });

  it('stops reading past the limit and names the setting', async () => {
    const reading = readText(await bodyOf('/big'), 4096);
    await expect(reading).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(reading).rejects.toThrow(
      /4096-byte limit \(mcpCatalog\.discovery\.maxResponseBytes\)/,
    );
  });

  it('fails, rather than answering part of a body, when the connection drops', async () => {
    await expect(readText(await bodyOf('/cut'), 4096)).rejects.toThrow();
  });
});
