/*
 * A second development identity beside the guest: `auth.providers.persona` signs in as one
 * configured user of the catalog (development: a member of a product team), so the platform can
 * be seen and used as a team that owns servers, not only as the platform team the guest belongs
 * to. Like Backstage's guest provider it refuses to work outside development unless told to.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The provider id: `auth.providers.persona`, `GET /api/auth/persona/refresh`. */
export const PERSONA_PROVIDER_ID = 'persona';

const personaAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  // The context is whether sign-in is refused: outside development unless explicitly allowed.
  initialize({ config }) {
    return (
      process.env.NODE_ENV !== 'development' &&
      config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !== true
    );
  },
  async authenticate(_, refused) {
    if (refused)
      throw new NotAllowedError(
        `The ${PERSONA_PROVIDER_ID} sign-in is for development only; remove auth.providers.${PERSONA_PROVIDER_ID} from this configuration (or set its dangerouslyAllowOutsideDevelopment: true in a test setup)`,
      );
    return { result: {} };
  },
});

/**
 * The `persona` sign-in provider (development only): signs in as the catalog user named by
 * `auth.providers.persona.userEntityRef`, with that user's groups from the catalog.
 *
 * @public
 */
export const authModulePersonaProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'persona-provider',
  register(env) {
    env.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const persona = config.getOptionalConfig(
          `auth.providers.${PERSONA_PROVIDER_ID}`,
        );
        if (!persona) return;
        const userEntityRef = persona.getString('userEntityRef');
        let user;
        try {
          user = parseEntityRef(userEntityRef, {
            defaultKind: 'user',
            defaultNamespace: 'default',
          });
        } catch (error) {
          throw new InputError(
            `auth.providers.${PERSONA_PROVIDER_ID}.userEntityRef "${userEntityRef}" is not an entity ref; write it as user:default/<name>`,
          );
        }
        if (user.kind.toLocaleLowerCase('en-US') !== 'user')
          throw new InputError(
            `auth.providers.${PERSONA_PROVIDER_ID}.userEntityRef must name a User entity, not ${userEntityRef}`,
          );
        providers.registerProvider({
          providerId: PERSONA_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: personaAuthenticator,
            // The catalog user, so that the session carries the user's groups (ownership): no
            // fallback identity when the user is not in the catalog.
            signInResolver: async (_, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: user }),
          }),
        });
      },
    });
  },
});
