import { AsyncLocalStorage } from 'node:async_hooks';

// The SDK hands tool handlers a web-standard Request, which has no remote address; the HTTP layer
// records it here so the rate limiter can tell anonymous callers apart.
const peer = new AsyncLocalStorage<string>();

/** Runs `fn` (and everything it awaits) as serving the client at network `address`. */
export function runForPeer<T>(address: string, fn: () => T): T {
  return peer.run(address, fn);
}

/** The network address of the client whose HTTP request is being served; undefined over stdio. */
export function currentPeerAddress(): string | undefined {
  return peer.getStore();
}
