import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * Stands in for the identity provider (OIDC or GitHub in production) in tests that run Backstage's
 * real auth: the auth backend signs in whoever the `x-test-user` header names, through the same
 * catalog sign-in resolution and token issuing a real provider uses. Configure it with
 * `auth.providers.test-header: {}` and sign in with
 * `GET /api/auth/test-header/refresh` (header `x-test-user: <user entity name>`): the answer's
 * `backstageIdentity.token` is a real user token, with the user's groups from the catalog.
 */
export const signInByHeader = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-sign-in',
  register(env) {
    env.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'test-header',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const user = req.header('x-test-user');
                if (!user) throw new AuthenticationError('no x-test-user');
                return { result: { user } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.user } }),
          }),
        });
      },
    });
  },
});
