import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  createApiRef,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
} from '@backstage/core-plugin-api';

/** What `GET /api/auth/persona/refresh` answers (a proxy provider's session). */
interface PersonaSession {
  profile: ProfileInfo;
  backstageIdentity: BackstageIdentityResponse;
}

type PersonaAuthApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;
/** Backstage's `Observable` of session states (the type is not exported on its own). */
type SessionStates = ReturnType<SessionApi['sessionState$']>;

/**
 * Sign-in through the backend's development-only `persona` provider (see
 * packages/backend/src/authModulePersonaProvider.ts): a second identity beside the guest, a
 * member of a product team. Backstage ships such a client only for the guest provider.
 */
export const personaAuthApiRef = createApiRef<PersonaAuthApi>({
  id: 'auth.persona',
});

/** Renew the token this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/** When a Backstage token expires (its `exp` claim), or in five minutes if it cannot be read. */
function tokenExpiry(token: string): number {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const exp = JSON.parse(window.atob(payload)).exp;
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // not a JWT: fall through
  }
  return Date.now() + 5 * 60_000;
}

/** The persona provider's client: asks the backend for a session, no popup, no redirect. */
export class PersonaAuth implements PersonaAuthApi {
  private session?: { value: PersonaSession; renewAt: number };
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(private readonly discoveryApi: DiscoveryApi) {}

  async getBackstageIdentity(options?: {
    optional?: boolean;
  }): Promise<BackstageIdentityResponse | undefined> {
    const session = await this.getSession(options?.optional);
    return session?.backstageIdentity;
  }

  async getProfile(options?: {
    optional?: boolean;
  }): Promise<ProfileInfo | undefined> {
    const session = await this.getSession(options?.optional);
    return session?.profile;
  }

  async signIn(): Promise<void> {
    await this.getSession(false);
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.notify(SessionState.SignedOut);
  }

  sessionState$(): SessionStates {
    const listeners = this.listeners;
    const current = this.session
      ? SessionState.SignedIn
      : SessionState.SignedOut;
    const observable = {
      [Symbol.observable]: () => observable,
      subscribe(
        observer?:
          | ((state: SessionState) => void)
          | { next?: (state: SessionState) => void },
      ) {
        const next = (state: SessionState) =>
          typeof observer === 'function'
            ? observer(state)
            : observer?.next?.(state);
        listeners.add(next);
        next(current);
        let closed = false;
        return {
          get closed() {
            return closed;
          },
          unsubscribe() {
            closed = true;
            listeners.delete(next);
          },
        };
      },
    };
    return observable as SessionStates;
  }

  private notify(state: SessionState) {
    for (const listener of this.listeners) listener(state);
  }

  private async getSession(
    optional?: boolean,
  ): Promise<PersonaSession | undefined> {
    if (this.session && Date.now() < this.session.renewAt)
      return this.session.value;
    const base = await this.discoveryApi.getBaseUrl('auth');
    const response = await fetch(`${base}/persona/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    });
    if (!response.ok) {
      if (optional) return undefined;
      let reason = `HTTP ${response.status}`;
      try {
        const body = await response.json();
        if (body?.error?.message) reason = body.error.message;
      } catch {
        // not JSON: the status says enough
      }
      throw new Error(
        `Could not sign in as the development persona: ${reason}`,
      );
    }
    const value = (await response.json()) as PersonaSession;
    this.session = {
      value,
      renewAt: tokenExpiry(value.backstageIdentity.token) - EXPIRY_MARGIN_MS,
    };
    this.notify(SessionState.SignedIn);
    return value;
  }
}
