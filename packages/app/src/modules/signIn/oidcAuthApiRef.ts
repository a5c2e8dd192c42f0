import {
  BackstageIdentityApi,
  createApiRef,
  OpenIdConnectApi,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/core-plugin-api';

/**
 * Sign-in through the backend's `oidc` auth provider (any OpenID Connect identity provider:
 * Keycloak, Okta, Entra ID, Google Workspace...). Backstage has no built-in ref for the generic
 * provider, so the app declares it.
 */
export const oidcAuthApiRef = createApiRef<
  OpenIdConnectApi & ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'auth.oidc' });
