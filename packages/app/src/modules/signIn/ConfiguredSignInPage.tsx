import {
  Content,
  Header,
  Page,
  SignInPage,
  SignInProviderConfig,
  WarningPanel,
} from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { oidcAuthApiRef } from './oidcAuthApiRef';
import { personaAuthApiRef } from './personaAuth';

/** The sign-in methods `app.signIn.providers` may name, as the sign-in page shows them. */
export const SIGN_IN_METHODS: Record<string, 'guest' | SignInProviderConfig> = {
  guest: 'guest',
  persona: {
    id: 'persona-auth-provider',
    title: 'Team member',
    message:
      'Development only: sign in as a member of a product team (auth.providers.persona), who owns servers but is not in the platform team',
    apiRef: personaAuthApiRef,
  },
  oidc: {
    id: 'oidc-auth-provider',
    title: 'Company account',
    message: 'Sign in with your company account (OpenID Connect)',
    apiRef: oidcAuthApiRef,
  },
  github: {
    id: 'github-auth-provider',
    title: 'GitHub',
    message: 'Sign in with GitHub',
    apiRef: githubAuthApiRef,
  },
};

/**
 * The sign-in page with the methods this installation configured (`app.signIn.providers`):
 * guest and the team-member persona in development, OIDC or GitHub in production. Without any, it says how to configure one
 * rather than offer a button that cannot work.
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const names = configApi.getOptionalStringArray('app.signIn.providers') ?? [];
  const providers = names
    .map(name => SIGN_IN_METHODS[name])
    .filter((p): p is 'guest' | SignInProviderConfig => Boolean(p));
  const unknown = names.filter(name => !SIGN_IN_METHODS[name]);
  if (providers.length === 0) {
    return (
      <Page themeId="home">
        <Header title={configApi.getOptionalString('app.title') ?? 'Sign in'} />
        <Content>
          <WarningPanel severity="error" title="Sign-in is not configured">
            <Typography variant="body2">
              List the sign-in methods in <code>app.signIn.providers</code> (
              {Object.keys(SIGN_IN_METHODS).join(', ')}) and configure each
              under <code>auth.providers</code>; see the README's production
              section.
              {unknown.length > 0 && ` Unknown methods: ${unknown.join(', ')}.`}
            </Typography>
          </WarningPanel>
        </Content>
      </Page>
    );
  }
  return (
    <SignInPage
      {...props}
      title={configApi.getOptionalString('app.title')}
      align="center"
      providers={providers}
    />
  );
}
