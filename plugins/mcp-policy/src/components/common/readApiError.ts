import { PolicyLoadError } from '@mcp-platform/plugin-mcp-policy-common';

/** What the UI needs to know about a failed call to the policy engine. */
export interface ApiFailure {
  status?: number;
  /** The engine's own message, not the generic "Request failed with 400". */
  message: string;
  /** For 400 input errors: one entry per invalid field. */
  issues: string[];
  /** For a dry run whose candidates do not load. */
  loadErrors: PolicyLoadError[];
}

type ErrorWithBody = Error & {
  statusCode?: number;
  response?: { status?: number };
  body?: { error?: { message?: string }; errors?: PolicyLoadError[] };
};

/**
 * A body that is not Backstage's standard error shape (the dry run's 400 has no `response`
 * field) reaches `ResponseError` only as text inside the message; recover it from there.
 */
function embeddedBody(message: string): ErrorWithBody['body'] | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(message.slice(start));
  } catch {
    return undefined;
  }
}

/** Reads status, message, field issues and policy load errors out of a `ResponseError`. */
export function readApiError(error: Error): ApiFailure {
  const e = error as ErrorWithBody;
  const status = e.statusCode ?? e.response?.status;
  let body = e.body;
  const bodyMessage = body?.error?.message;
  if (
    bodyMessage &&
    !body?.errors &&
    bodyMessage.startsWith('Request failed')
  ) {
    body = embeddedBody(bodyMessage) ?? body;
  }
  const message = body?.error?.message ?? error.message;
  // Input errors list their fields as "Invalid <what>: a.b: problem; c: problem".
  const issues =
    status === 400 && /^Invalid [^:]+: /.test(message)
      ? message
          .replace(/^Invalid [^:]+: /, '')
          .split(/; (?=[\w.[\]-]+: )/)
          .filter(Boolean)
      : [];
  return { status, message, issues, loadErrors: body?.errors ?? [] };
}
