import {
  AuthService,
  BackstagePrincipalTypes,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

// What a mock service token looks like before its JSON claims.
const sample = mockCredentials.service.token({
  onBehalfOf: mockCredentials.service('plugin:sample'),
  targetPluginId: 'sample',
});
const SERVICE_TOKEN_PREFIX = sample.slice(0, sample.indexOf('{'));

/**
 * The test backend's auth with one thing of Backstage's real auth service that the mock lacks:
 * a user's credentials forwarded by a plugin (an on-behalf-of token) name that plugin as the
 * actor, as the real plugin tokens' subject does. The permission backend refuses conditional decisions (such as the catalog's
 * `catalog.entity.read` filter) to user credentials without an actor, so without this a plugin
 * could not query the catalog as a user in a test. Tokens are still mock tokens, so tests sign
 * in with `mockCredentials.user.header(...)`; use it with the real `httpAuthServiceFactory`,
 * which reads tokens through this service (the mock HTTP auth service has its own).
 */
export const authWithActorsServiceFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    return {
      authenticate: async (token, options) => {
        const credentials = await auth.authenticate(token, options);
        if (
          auth.isPrincipal(credentials, 'user') &&
          token.startsWith(SERVICE_TOKEN_PREFIX)
        ) {
          const { sub } = JSON.parse(token.slice(SERVICE_TOKEN_PREFIX.length));
          if (sub) {
            return mockCredentials.user(credentials.principal.userEntityRef, {
              actor: { subject: sub },
            }) as typeof credentials;
          }
        }
        return credentials;
      },
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: <TType extends keyof BackstagePrincipalTypes>(
        credentials: Parameters<AuthService['isPrincipal']>[0],
        type: TType,
      ) => auth.isPrincipal(credentials, type),
      getPluginRequestToken: async options => {
        const { onBehalfOf } = options;
        if (!auth.isPrincipal(onBehalfOf, 'user')) {
          return auth.getPluginRequestToken(options);
        }
        // The mock's on-behalf-of token, with the issuing plugin as its subject.
        return {
          token: `${SERVICE_TOKEN_PREFIX}${JSON.stringify({
            sub: `plugin:${pluginId}`,
            obo: onBehalfOf.principal.userEntityRef,
            target: options.targetPluginId,
          })}`,
        };
      },
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
    };
  },
});
