import { Dispatcher } from 'undici';

/**
 * The fetch signature of the MCP SDK's transports.
 *
 * @public
 */
export type GuardedFetch = (
  url: string | URL,
  init?: RequestInit,
) => Promise<Response>;

/**
 * One request under the guard's policy (header names in lower case).
 *
 * @public
 */
export interface GuardedRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Which redirects to follow; default `follow`. */
  redirect?: 'follow' | 'same-origin' | 'manual' | 'error';
}

/**
 * Sends a request under the guard's policy; the caller reads (and bounds) the body.
 *
 * @public
 */
export type GuardedRequester = (
  url: string | URL,
  init: GuardedRequest,
) => Promise<Dispatcher.ResponseData>;

/**
 * Credential headers for a URL: those configured for its origin, if any.
 *
 * @public
 */
export type CredentialsForUrl = (
  url: URL,
) => Record<string, string> | undefined;
