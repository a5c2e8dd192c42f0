import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authBackend from '@backstage/plugin-auth-backend';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { resolve } from 'node:path';
import request from 'supertest';
import { authModulePersonaProvider } from './authModulePersonaProvider';

jest.setTimeout(180_000);

const orgFile = resolve(__dirname, '../../../examples/org.yaml');

/** The auth backend with the persona provider, and the real catalog holding the example org. */
async function startBackend(
  persona: Record<string, string | boolean> | undefined,
) {
  return startTestBackend({
    features: [
      authBackend,
      authModulePersonaProvider,
      catalogBackend,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: {
            session: { secret: 'test-session-secret' },
            providers: persona ? { persona } : {},
          },
          catalog: {
            processingInterval: { seconds: 1 },
            locations: [
              {
                type: 'file',
                target: orgFile,
                rules: [{ allow: ['User', 'Group'] }],
              },
            ],
          },
        },
      }),
    ],
  });
}

/** `GET /api/auth/persona/refresh` as the app's sign-in page sends it. */
function refresh(server: Parameters<typeof request>[0]) {
  return request(server)
    .get('/api/auth/persona/refresh')
    .set('x-requested-with', 'XMLHttpRequest');
}

describe('authModulePersonaProvider', () => {
  it('signs in as the configured catalog user, with the groups the catalog gives them', async () => {
    const backend = await startBackend({
      userEntityRef: 'user:default/katherine.johnson',
      // Jest runs with NODE_ENV=test: outside development the provider must be told to work.
      dangerouslyAllowOutsideDevelopment: true,
    });
    try {
      // The catalog reads the org file in the background: until the user is there, sign-in
      // fails (no identity made up for a user the catalog does not know).
      let response = await refresh(backend.server);
      for (let i = 0; i < 600 && response.status !== 200; i++) {
        await new Promise(r => setTimeout(r, 250));
        response = await refresh(backend.server);
      }
      expect(response.status).toBe(200);
      const { identity, token } = response.body.backstageIdentity;
      expect(identity.userEntityRef).toBe('user:default/katherine.johnson');
      expect(identity.ownershipEntityRefs).toEqual(
        expect.arrayContaining([
          'user:default/katherine.johnson',
          'group:default/analytics',
        ]),
      );
      expect(identity.ownershipEntityRefs).not.toContain(
        'group:default/platform-team',
      );
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to sign anyone in outside development unless explicitly allowed', async () => {
    const backend = await startBackend({
      userEntityRef: 'user:default/katherine.johnson',
    });
    try {
      const response = await refresh(backend.server);
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/development only/);
      expect(response.body.backstageIdentity).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });

  it('is absent when auth.providers.persona is not configured', async () => {
    const backend = await startBackend(undefined);
    try {
      const response = await refresh(backend.server);
      expect(response.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });

  it('says what is wrong with a user ref that is not a user', async () => {
    await expect(
      startBackend({
        userEntityRef: 'group:default/analytics',
        dangerouslyAllowOutsideDevelopment: true,
      }),
    ).rejects.toThrow(/must name a User entity/);
  });
});
