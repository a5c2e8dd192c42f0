import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { serverInfo } from '../src/serverInfo.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  it('refuses to switch authentication off outside development', () => {
    assert.deepEqual(
      problemsOf({ MCP_ENVIRONMENT: 'production', MCP_AUTH_DISABLED: 'true' }),
      [
        'MCP_AUTH_DISABLED: authentication can only be switched off with MCP_ENVIRONMENT=development (it is production)',
      ],
    );
  });

  it('requires an issuer and the public URL when authentication is on, naming both', () => {
    const problems = problemsOf({ MCP_ENVIRONMENT: 'staging' });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^OAUTH_ISSUER: required/);
    assert.match(problems[1]!, /^MCP_PUBLIC_URL: required/);
  });

  it('requires allowed hosts when listening beyond loopback', () => {
    assert.deepEqual(
      problemsOf({
        HOST: '0.0.0.0',
        MCP_ENVIRONMENT: 'development',
        MCP_AUTH_DISABLED: 'true',
      }).map(p => p.split(':')[0]),
      ['MCP_ALLOWED_HOSTS'],
    );
  });

  it('reports malformed values by variable', () => {
    const problems = problemsOf({ PORT: 'eighty', OAUTH_ISSUER: 'not a url' });
    assert.deepEqual(problems.map(p => p.split(':')[0]).sort(), [
      'OAUTH_ISSUER',
      'PORT',
    ]);
  });

  it('defaults to the values chosen in the template', () => {
    const config = loadConfig({
      MCP_ENVIRONMENT: 'development',
      MCP_AUTH_DISABLED: 'true',
    });
    assert.equal(config.rateLimit.perMinute, serverInfo.rateLimitPerMinute);
    assert.equal(config.auth.mode, 'disabled');
    assert.deepEqual(config.allowedHosts.sort(), [
      '127.0.0.1',
      '[::1]',
      'localhost',
    ]);
  });

  it('takes the resource and audience from the public URL and adds its host to the allowed hosts', () => {
    const config = loadConfig({
      MCP_ENVIRONMENT: 'production',
      HOST: '0.0.0.0',
      MCP_ALLOWED_HOSTS: 'Ledger',
      MCP_PUBLIC_URL: 'https://ledger.mcp.internal/mcp',
      OAUTH_ISSUER: 'https://sso.example.com/realms/mcp',
      OAUTH_AUDIENCE: 'api://ledger',
    });
    assert.ok(config.auth.mode === 'jwt');
    assert.equal(config.auth.resource, 'https://ledger.mcp.internal/mcp');
    assert.deepEqual(config.auth.audience, [
      'https://ledger.mcp.internal/mcp',
      'https://ledger.mcp.internal/mcp/',
      'api://ledger',
    ]);
    assert.deepEqual(config.allowedHosts.sort(), [
      'ledger',
      'ledger.mcp.internal',
    ]);
    // Beyond loopback, browser pages of this machine are not trusted.
    assert.equal(config.allowLocalhostOrigins, false);
  });

  it('reads the upstreams from MCP_UPSTREAMS, else those chosen in the template', () => {
    const development = {
      MCP_ENVIRONMENT: 'development',
      MCP_AUTH_DISABLED: 'true',
    };
    assert.deepEqual(loadConfig(development).upstreams, [
      ...serverInfo.upstreams,
    ]);
    assert.deepEqual(
      loadConfig({
        ...development,
        MCP_UPSTREAMS: '[{"kind":"database","host":"ledger-db","port":5432}]',
      }).upstreams,
      [{ kind: 'database', host: 'ledger-db', port: 5432 }],
    );
    assert.match(
      problemsOf({ ...development, MCP_UPSTREAMS: 'ledger-db:5432' })[0]!,
      /^MCP_UPSTREAMS: must be a JSON list/,
    );
    assert.match(
      problemsOf({
        ...development,
        MCP_UPSTREAMS: '[{"kind":"http","host":"api","port":0}]',
      })[0]!,
      /^MCP_UPSTREAMS\.0\.port: /,
    );
  });

  it('normalises allowed browser origins and names the malformed ones', () => {
    const config = loadConfig({
      MCP_ENVIRONMENT: 'development',
      MCP_AUTH_DISABLED: 'true',
      MCP_ALLOWED_ORIGINS:
        'HTTPS://Inspector.example:443/, http://localhost:6274',
    });
    assert.deepEqual(config.allowedOrigins, [
      'https://inspector.example',
      'http://localhost:6274',
    ]);
    assert.equal(config.allowLocalhostOrigins, true);
    assert.deepEqual(
      problemsOf({
        MCP_ENVIRONMENT: 'development',
        MCP_AUTH_DISABLED: 'true',
        MCP_ALLOWED_ORIGINS: 'https://inspector.example/app,*',
      }),
      [
        'MCP_ALLOWED_ORIGINS: "https://inspector.example/app" is not a browser origin: use scheme://host[:port] without a path, e.g. https://inspector.example',
        'MCP_ALLOWED_ORIGINS: "*" is not a browser origin: use scheme://host[:port] without a path, e.g. https://inspector.example',
      ],
    );
  });
});
