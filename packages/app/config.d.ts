export interface Config {
  app?: {
    signIn?: {
      /**
       * The sign-in methods the sign-in page offers, in order: `guest` and `persona`
       * (development only: the guest user, or the product-team member that
       * `auth.providers.persona.userEntityRef` names), `oidc`, `github`. Each needs its provider under `auth.providers` in the backend's config.
       * Without any, the page says that sign-in is not configured.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'persona' | 'oidc' | 'github'>;
    };
  };
}
