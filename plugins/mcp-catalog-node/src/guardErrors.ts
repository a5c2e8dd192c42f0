/**
 * Thrown when a request targets an address the network policy refuses.
 *
 * @public
 */
export class SsrfRefusedError extends Error {
  name = 'SsrfRefusedError';
}

/**
 * Thrown when a response body exceeds the configured cap.
 *
 * @public
 */
export class ResponseTooLargeError extends Error {
  name = 'ResponseTooLargeError';
}
