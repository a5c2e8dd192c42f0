import { STATUS_CODES } from 'node:http';
import {
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  SseError,
} from '@modelcontextprotocol/client';
import { ResponseTooLargeError, SsrfRefusedError } from './guardErrors';

/**
 * An error whose message the platform wrote itself and may show to anyone (stored, logged,
 * shown in the UI, given to agents): it holds no text the upstream server chose.
 *
 * @public
 */
export class UpstreamError extends Error {
  name = 'UpstreamError';
}

const JSON_RPC_ERRORS: Record<number, string> = {
  [-32700]: 'parse error',
  [-32600]: 'invalid request',
  [-32601]: 'method not found',
  [-32602]: 'invalid params',
  [-32603]: 'internal error',
  [-32002]: 'resource not found',
  [-32020]: 'header mismatch',
  [-32021]: 'missing required client capability',
  [-32022]: 'unsupported protocol version',
  [-32042]: 'URL elicitation required',
};

const SDK_ERRORS: Partial<Record<SdkErrorCode, string>> = {
  [SdkErrorCode.RequestTimeout]: 'no answer in time',
  [SdkErrorCode.ConnectionClosed]: 'the server closed the connection',
  [SdkErrorCode.SendFailed]: 'the request could not be sent',
  [SdkErrorCode.InvalidResult]: 'the answer is not a valid MCP result',
  [SdkErrorCode.UnsupportedResultType]:
    'the answer has a result type this client does not support',
  [SdkErrorCode.ListPaginationExceeded]: 'the server paginates without end',
  [SdkErrorCode.EraNegotiationFailed]:
    'protocol version negotiation failed (no revision both sides speak, or the probe failed)',
  [SdkErrorCode.ClientHttpUnexpectedContent]:
    'the answer has an unexpected content type',
  [SdkErrorCode.ClientHttpFailedToOpenStream]: 'the event stream did not open',
  [SdkErrorCode.CapabilityNotSupported]:
    'the server does not offer a capability the request needs',
  [SdkErrorCode.NotConnected]: 'not connected',
};

// Local network errors (their messages are Node's or undici's own, never the server's).
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed while sending',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'the response body stalled',
  UND_ERR_SOCKET: 'the connection failed',
  UND_ERR_CLOSED: 'the connection was closed',
  UND_ERR_ABORTED: 'the request was aborted',
  UND_ERR_INFO: 'the server answered with an invalid HTTP response',
  HPE_INVALID_CONSTANT: 'the server answered with an invalid HTTP response',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS certificate issuer unknown',
};

function httpStatus(status: number): string {
  const name = STATUS_CODES[status];
  return name ? `HTTP ${status} ${name}` : `HTTP ${status}`;
}

function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERRORS[code]) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Describes why a request to an MCP server failed, in words that carry nothing the server
 * chose: response bodies, JSON-RPC error messages, status texts and redirect targets are
 * attacker-controlled when the server is hostile, and these descriptions are stored and shown
 * to every user. Status codes, JSON-RPC codes and local (network, policy) errors are kept.
 *
 * @public
 */
export function describeUpstreamError(error: unknown): string {
  // The platform's own errors, also where the SDK wrapped them (a refused probe, say).
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    if (
      e instanceof UpstreamError ||
      e instanceof SsrfRefusedError ||
      e instanceof ResponseTooLargeError
    )
      return e.message;
    e = (e as { cause?: unknown }).cause;
  }
  const redirected = (status: number) =>
    `the server redirected (${httpStatus(
      status,
    )}) to another origin, which is not followed: register the final URL as the remote`;
  if (error instanceof SdkHttpError) {
    const { status } = error;
    if (status >= 300 && status < 400) return redirected(status);
    if (status === 401 || status === 403)
      return `${httpStatus(
        status,
      )}: the server wants credentials; configure them for its origin (mcpCatalog.credentials)`;
    return `the server answered ${httpStatus(status)}`;
  }
  if (error instanceof SseError) {
    const status = typeof error.code === 'number' ? error.code : undefined;
    if (status && status >= 300 && status < 400) return redirected(status);
    return status && status >= 100
      ? `the event stream answered ${httpStatus(status)}`
      : 'the event stream failed';
  }
  if (error instanceof ProtocolError) {
    const known = JSON_RPC_ERRORS[error.code];
    return `the server answered JSON-RPC error ${error.code}${
      known ? ` (${known})` : ''
    }`;
  }
  if (error instanceof SdkError) {
    const known = SDK_ERRORS[error.code];
    const network = codeOf(error.cause);
    if (network) return NETWORK_ERRORS[network];
    return known ?? `MCP client error ${error.code}`;
  }
  const network = codeOf(error);
  if (network) return NETWORK_ERRORS[network];
  // DOMExceptions (an AbortSignal's reasons) are not Errors in every runtime.
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError') return 'no answer in time';
  if (name === 'AbortError') return 'the request was aborted';
  if (error instanceof SyntaxError) return 'the answer is not valid JSON';
  return `unexpected error (${
    error instanceof Error ? error.name : typeof error
  })`;
}
