import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { DependencyList, useEffect, useState } from 'react';

/** A value loaded once per change of `deps`, with its loading and error states. */
export interface Loaded<T> {
  value?: T;
  error?: Error;
  loading: boolean;
}

/** Loads `load()` when `deps` change; a load that finishes after a newer one started is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState(s => ({ ...s, loading: true }));
    load().then(
      value => current && setState({ value, loading: false }),
      error => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names what the load depends on, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

/** The signed-in user and the groups they belong to (their ownership refs of kind group). */
export interface Viewer {
  userEntityRef: string;
  teams: string[];
}

/** Who is looking at the home page, from the Backstage identity. */
export function useViewer(): Loaded<Viewer> {
  const identityApi = useApi(identityApiRef);
  return useLoad(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return {
      userEntityRef: identity.userEntityRef,
      teams: identity.ownershipEntityRefs.filter(ref =>
        ref.toLocaleLowerCase('en-US').startsWith('group:'),
      ),
    };
  }, [identityApi]);
}
