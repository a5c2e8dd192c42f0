import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import { serverInfo } from '../src/serverInfo.js';
import {
  connectClient,
  ERAS,
  fixtureTools,
  startTestServer,
  textOf,
} from './helpers.js';

const RESOURCE = 'https://ledger.mcp.test/mcp';
const METADATA_URL =
  'https://ledger.mcp.test/.well-known/oauth-protected-resource/mcp';

/** A local authorization server: publishes its keys and its metadata, signs tokens. */
async function startIssuer() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = {
    ...(await exportJWK(publicKey)),
    kid: 'key-1',
    alg: 'ES256',
    use: 'sig',
  };
  let available = true;
  let issuer = '';
  const http: Server = createServer((req, res) => {
    if (!available) {
      res.writeHead(503).end();
    } else if (req.url === '/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => http.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const sign = (
    claims: Record<string, unknown> = {},
    options: {
      key?: CryptoKey;
      kid?: string;
      issuer?: string;
      audience?: string;
      subject?: string;
      expiresIn?: string | number;
    } = {},
  ) =>
    new SignJWT({ scope: 'mcp:tools', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'key-1' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? RESOURCE)
      .setSubject(options.subject ?? 'user:default/alice')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? privateKey);

  return {
    issuer,
    sign,
    setAvailable: (value: boolean) => {
      available = value;
    },
    close: () => new Promise<void>(resolve => http.close(() => resolve())),
  };
}

const listTools = (mcpUrl: string, authorization?: string) =>
  fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });

describe('authentication (MCP authorization spec)', () => {
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  before(async () => {
    issuer = await startIssuer();
    server = await startTestServer(
      {
        MCP_ENVIRONMENT: 'production',
        MCP_AUTH_DISABLED: '',
        MCP_PUBLIC_URL: RESOURCE,
        OAUTH_ISSUER: issuer.issuer,
        OAUTH_JWKS_URL: `${issuer.issuer}/jwks.json`,
      },
      { tools: fixtureTools },
    );
  });
  after(async () => {
    await server.close();
    await issuer.close();
  });

  it('answers a request without a token with 401 and where to find the metadata', async () => {
    const response = await listTools(server.mcpUrl);
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get('www-authenticate'),
      `Bearer resource_metadata="${METADATA_URL}"`,
    );
  });

  it('publishes the protected-resource metadata document', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        resource: RESOURCE,
        authorization_servers: [issuer.issuer],
        bearer_methods_supported: ['header'],
        resource_name: serverInfo.title,
      });
    }
  });

  for (const era of ERAS) {
    it(`lets a ${era}-era client with a valid token list and call tools, as the token subject`, async () => {
      const client = await connectClient(server.mcpUrl, {
        era,
        headers: { authorization: `Bearer ${await issuer.sign()}` },
      });
      try {
        assert.ok(
          (await client.listTools()).tools.some(t => t.name === 'fixture_echo'),
        );
        const result = await client.callTool({
          name: 'fixture_echo',
          arguments: { text: 'a' },
        });
        assert.deepEqual(result.structuredContent, {
          text: 'a',
          caller: 'user:default/alice',
        });
      } finally {
        await client.close();
      }
    });
  }

  it('accepts tokens for the advertised resource URI with and without a trailing slash', async () => {
    for (const audience of [RESOURCE, `${RESOURCE}/`]) {
      const response = await listTools(
        server.mcpUrl,
        `Bearer ${await issuer.sign({}, { audience })}`,
      );
      assert.equal(response.status, 200, audience);
    }
  });

  const rejected: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'a token for another server',
      () => issuer.sign({}, { audience: 'https://other.mcp.test/mcp' }),
      /audience/,
    ],
    [
      'a token from another issuer',
      () => issuer.sign({}, { issuer: 'https://evil.example' }),
      /"iss" claim/,
    ],
    [
      'an expired token',
      () => issuer.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
      /expired/,
    ],
    [
      'a token signed with another key',
      async () =>
        issuer.sign({}, { key: (await generateKeyPair('ES256')).privateKey }),
      /invalid/,
    ],
    [
      'a token signed with an unknown key id',
      async () =>
        issuer.sign(
          {},
          { key: (await generateKeyPair('ES256')).privateKey, kid: 'key-2' },
        ),
      /invalid/,
    ],
    [
      'an unsigned token',
      async () => {
        const [, payload] = (await issuer.sign()).split('.');
        const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString(
          'base64url',
        );
        return `${header}.${payload}.`;
      },
      /invalid/,
    ],
  ];
  for (const [name, token, reason] of rejected) {
    it(`rejects ${name} with 401 invalid_token`, async () => {
      const response = await listTools(
        server.mcpUrl,
        `Bearer ${await token()}`,
      );
      assert.equal(response.status, 401);
      const challenge = response.headers.get('www-authenticate') ?? '';
      assert.match(
        challenge,
        /^Bearer error="invalid_token", error_description="[^"]+"/,
      );
      assert.match(
        challenge,
        /resource_metadata="https:\/\/ledger\.mcp\.test\//,
      );
      assert.match(
        ((await response.json()) as { error_description: string })
          .error_description,
        reason,
      );
    });
  }

  it('rejects credentials that are not a bearer token, and tokens in the query string', async () => {
    const basic = await listTools(server.mcpUrl, 'Basic YWxpY2U6c2VjcmV0');
    assert.equal(basic.status, 401);
    assert.match(
      basic.headers.get('www-authenticate') ?? '',
      /error="invalid_request"/,
    );
    const query = await listTools(
      `${server.mcpUrl}?access_token=${await issuer.sign()}`,
    );
    assert.equal(query.status, 401);
    assert.ok(query.headers.get('www-authenticate'));
  });

  it('answers 503, not 401, while the issuer keys cannot be fetched', async () => {
    const cold = await startTestServer(
      {
        MCP_ENVIRONMENT: 'production',
        MCP_AUTH_DISABLED: '',
        MCP_PUBLIC_URL: RESOURCE,
        OAUTH_ISSUER: issuer.issuer,
        OAUTH_JWKS_URL: `${issuer.issuer}/jwks.json`,
      },
      { tools: fixtureTools },
    );
    issuer.setAvailable(false);
    try {
      const response = await listTools(
        cold.mcpUrl,
        `Bearer ${await issuer.sign()}`,
      );
      assert.equal(response.status, 503);
    } finally {
      issuer.setAvailable(true);
      await cold.close();
    }
  });
});

describe('authentication of a server at the root of its host', () => {
  it('advertises the resource without a trailing slash and accepts tokens for either form', async () => {
    const issuer = await startIssuer();
    const server = await startTestServer(
      {
        MCP_ENVIRONMENT: 'production',
        MCP_AUTH_DISABLED: '',
        MCP_PUBLIC_URL: 'https://Ledger.MCP.test/',
        OAUTH_ISSUER: issuer.issuer,
        OAUTH_JWKS_URL: `${issuer.issuer}/jwks.json`,
      },
      { tools: fixtureTools },
    ).catch(async error => {
      await issuer.close();
      throw error;
    });
    try {
      const metadata = (await (
        await fetch(`${server.url}/.well-known/oauth-protected-resource`)
      ).json()) as { resource: string };
      assert.equal(metadata.resource, 'https://ledger.mcp.test');
      for (const audience of [
        'https://ledger.mcp.test',
        'https://ledger.mcp.test/',
      ]) {
        const response = await listTools(
          server.mcpUrl,
          `Bearer ${await issuer.sign({}, { audience })}`,
        );
        assert.equal(response.status, 200, audience);
      }
      const other = await listTools(
        server.mcpUrl,
        `Bearer ${await issuer.sign(
          {},
          { audience: 'https://ledger.mcp.test/mcp' },
        )}`,
      );
      assert.equal(other.status, 401);
    } finally {
      await server.close();
      await issuer.close();
    }
  });
});

describe('rate limits per caller', () => {
  it('gives each token subject its own bucket, so one client cannot exhaust the others', async () => {
    const issuer = await startIssuer();
    const server = await startTestServer(
      {
        MCP_ENVIRONMENT: 'production',
        MCP_AUTH_DISABLED: '',
        MCP_PUBLIC_URL: RESOURCE,
        OAUTH_ISSUER: issuer.issuer,
        OAUTH_JWKS_URL: `${issuer.issuer}/jwks.json`,
        RATE_LIMIT_PER_MINUTE: '1',
      },
      { tools: fixtureTools },
    ).catch(async error => {
      await issuer.close();
      throw error;
    });
    const connectAs = async (subject: string, era: (typeof ERAS)[number]) =>
      connectClient(server.mcpUrl, {
        era,
        headers: {
          authorization: `Bearer ${await issuer.sign({}, { subject })}`,
        },
      });
    const alice = await connectAs('user:default/alice', 'modern');
    const bob = await connectAs('user:default/bob', 'legacy');
    try {
      const echo = (client: typeof alice) =>
        client.callTool({ name: 'fixture_echo', arguments: { text: 'x' } });
      assert.equal((await echo(alice)).isError, undefined);
      const limited = await echo(alice);
      assert.equal(limited.isError, true);
      assert.match(textOf(limited), /^Rate limit exceeded/);
      const forBob = await echo(bob);
      assert.equal(forBob.isError, undefined);
      assert.deepEqual(forBob.structuredContent, {
        text: 'x',
        caller: 'user:default/bob',
      });
    } finally {
      await alice.close();
      await bob.close();
      await server.close();
      await issuer.close();
    }
  });
});

describe('authentication with JWKS discovery and required scopes', () => {
  it('finds the keys through the issuer metadata and enforces scopes with 403', async () => {
    const issuer = await startIssuer();
    const server = await startTestServer(
      {
        MCP_ENVIRONMENT: 'staging',
        MCP_AUTH_DISABLED: '',
        MCP_PUBLIC_URL: RESOURCE,
        OAUTH_ISSUER: issuer.issuer,
        OAUTH_REQUIRED_SCOPES: 'mcp:tools',
      },
      { tools: fixtureTools },
    ).catch(async error => {
      await issuer.close();
      throw error;
    });
    try {
      const ok = await listTools(
        server.mcpUrl,
        `Bearer ${await issuer.sign()}`,
      );
      assert.equal(ok.status, 200);
      const noScope = await listTools(
        server.mcpUrl,
        `Bearer ${await issuer.sign({ scope: 'profile' })}`,
      );
      assert.equal(noScope.status, 403);
      assert.equal(
        noScope.headers.get('www-authenticate'),
        `Bearer error="insufficient_scope", error_description="Missing scope: mcp:tools", scope="mcp:tools", resource_metadata="${METADATA_URL}"`,
      );
      const anonymous = await listTools(server.mcpUrl);
      assert.equal(
        anonymous.headers.get('www-authenticate'),
        `Bearer scope="mcp:tools", resource_metadata="${METADATA_URL}"`,
      );
    } finally {
      await server.close();
      await issuer.close();
    }
  });
});
