import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/** Stands in for the sign-in resolver: the user's ownership refs as their token would carry them. */
export function userInfoFromMembership(membership: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: any) {
        const ref = credentials.principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(membership[ref] ?? [])],
        };
      },
    }),
  });
}

/**
 * The mock auth service issues on-behalf-of tokens without an actor, which the permissions
 * registry refuses for conditional decisions; the real auth service sets the calling plugin as
 * actor, and so does this wrapper.
 */
export const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const base = mockServices.auth({ pluginId: plugin.getId() });
    return new Proxy(base, {
      get(target, property) {
        if (property === 'getPluginRequestToken') {
          return async (options: any) =>
            options.onBehalfOf.principal.type === 'user'
              ? {
                  token: mockCredentials.user.token(
                    options.onBehalfOf.principal.userEntityRef,
                    { actor: { subject: `plugin:${plugin.getId()}` } },
                  ),
                }
              : target.getPluginRequestToken(options);
        }
        const value = (target as any)[property];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  },
});
