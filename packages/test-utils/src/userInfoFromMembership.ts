import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * The user-info service as Backstage's sign-in resolvers make it: ownership refs (the user and
 * their groups) read from the token, here from a fixed membership table.
 */
export function userInfoFromMembership(membership: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const ref = (credentials.principal as BackstageUserPrincipal)
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(membership[ref] ?? [])],
        };
      },
    }),
  });
}
