/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Structured JSON logger: one line per event, secrets redacted. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const LEVELS: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/** Field names whose values are secrets wherever they appear. */
const SECRET_KEY =
  /(^|[-_])(authorization|cookie|set-cookie)$|(password|passwd|secret|token|api[-_]?key|credentials?|private[-_]?key)$/i;

/** Secrets that end up inside free text, such as a header echoed in an error message. */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [REDACTED]'],
  [
    /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
    '[REDACTED_JWT]',
  ],
  [/([?&](?:access_token|token|api_key|apikey|key)=)[^&\s]+/gi, '$1[REDACTED]'],
];

export const REDACTED = '[REDACTED]';

function redactText(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_TEXT) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/** Copies a value for logging with secret fields and secret-looking text replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[Truncated]';
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack ? redactText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.map(item => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}

/**
 * Creates a logger writing JSON lines to `destination` (stdout by default; the stdio transport
 * passes stderr because stdout carries the protocol).
 */
export function createLogger(options: {
  level?: LogLevel;
  fields?: LogFields;
  destination?: { write(line: string): unknown };
}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const destination = options.destination ?? process.stdout;

  const make = (base: LogFields): Logger => {
    const log = (level: LogLevel, message: string, fields?: LogFields) => {
      if (LEVELS[level] < threshold) return;
      const line = redact({
        time: new Date().toISOString(),
        level,
        msg: message,
        ...base,
        ...fields,
      });
      destination.write(`${JSON.stringify(line)}\n`);
    };
    return {
      debug: (message, fields) => log('debug', message, fields),
      info: (message, fields) => log('info', message, fields),
      warn: (message, fields) => log('warn', message, fields),
      error: (message, fields) => log('error', message, fields),
      child: fields => make({ ...base, ...fields }),
    };
  };
  return make(options.fields ?? {});
}
