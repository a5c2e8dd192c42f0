import { OAuth2 } from '@backstage/core-app-api';
import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  discoveryApiRef,
  oauthRequestApiRef,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApiRef';
import { PersonaAuth, personaAuthApiRef } from './personaAuth';

/** The client of the backend's `oidc` auth provider. */
const oidcAuthApi = ApiBlueprint.make({
  name: 'oidc-auth',
  params: defineParams =>
    defineParams({
      api: oidcAuthApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
        configApi: configApiRef,
      },
      factory: ({ discoveryApi, oauthRequestApi, configApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          provider: { id: 'oidc', title: 'Company account', icon: () => null },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email'],
        }),
    }),
});

/** The client of the backend's development-only `persona` provider. */
const personaAuthApi = ApiBlueprint.make({
  name: 'persona-auth',
  params: defineParams =>
    defineParams({
      api: personaAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) => new PersonaAuth(discoveryApi),
    }),
});

/** Replaces the default guest-only sign-in page with the configured methods. */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () =>
      import('./ConfiguredSignInPage').then(m => m.ConfiguredSignInPage),
  },
});

/** Sign-in: the methods of `app.signIn.providers` (guest, persona, OIDC, GitHub). */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, personaAuthApi, signInPage],
});
