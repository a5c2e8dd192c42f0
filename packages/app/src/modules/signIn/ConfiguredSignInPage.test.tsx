import { githubAuthApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ConfiguredSignInPage } from './ConfiguredSignInPage';
import { oidcAuthApiRef } from './oidcAuthApiRef';
import { personaAuthApiRef } from './personaAuth';

/** A provider nobody is signed in to yet: the page shows its button. */
const signedOut = {
  getBackstageIdentity: async () => undefined,
  getProfile: async () => undefined,
  getIdToken: async () => '',
  signIn: async () => {},
  signOut: async () => {},
  sessionState$: () => ({ subscribe: () => ({ unsubscribe() {} }) }),
} as any;

const render = (providers?: string[]) =>
  renderInTestApp(<ConfiguredSignInPage onSignInSuccess={() => {}} />, {
    config: {
      backend: { baseUrl: 'http://localhost:7007' },
      app: {
        title: 'MCP Platform',
        ...(providers ? { signIn: { providers } } : {}),
      },
    },
    apis: [
      [oidcAuthApiRef, signedOut],
      [githubAuthApiRef, signedOut],
      [personaAuthApiRef, signedOut],
    ],
  });

describe('ConfiguredSignInPage', () => {
  it('offers the production methods and no guest entry', async () => {
    await render(['oidc', 'github']);
    expect(await screen.findByText('Company account')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your company account (OpenID Connect)'),
    ).toBeInTheDocument();
    expect(screen.getByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });

  it('offers guest sign-in in development', async () => {
    await render(['guest']);
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
    expect(screen.queryByText('Team member')).not.toBeInTheDocument();
  });

  it('offers the product-team persona beside the guest in development', async () => {
    await render(['guest', 'persona']);
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByText('Team member')).toBeInTheDocument();
    expect(
      screen.getByText(/sign in as a member of a product team/),
    ).toBeInTheDocument();
  });

  it('says how to configure sign-in rather than offer nothing', async () => {
    await render(undefined);
    expect(
      await screen.findByText(/Sign-in is not configured/),
    ).toBeInTheDocument();
    await render(['saml']);
    expect(
      await screen.findByText(/Unknown methods: saml/),
    ).toBeInTheDocument();
  });
});
