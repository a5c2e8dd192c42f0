/** One sample of the Prometheus text exposition format. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Sample timestamp when the exposition carries one. */
  timestampMs?: number;
}

/**
 * Thrown for input that is not the Prometheus text format; says which line and why. The reason
 * is a fixed description that never quotes the input: scraped text can be anything a redirect
 * or a misconfigured URL points at, and these messages are stored and shown to users.
 */
export class PrometheusTextError extends Error {
  name = 'PrometheusTextError';
  constructor(readonly line: number, readonly reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

const METRIC_TYPES = new Set([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'untyped',
  'unknown',
  'info',
  'stateset',
]);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(raw: string, line: number): number {
  switch (raw) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
    default:
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) {
        throw new PrometheusTextError(line, 'a sample value is not a number');
      }
      return Number(raw);
  }
}

/**
 * Parses the Prometheus text exposition format (0.0.4, and the OpenMetrics text it shares):
 * `# TYPE` and `# HELP` lines, samples with escaped label values, optional timestamps. Strict:
 * anything else is an error with its line number, so a broken `/metrics` is reported, not
 * half-read.
 */
export function parsePrometheusText(text: string): {
  samples: PrometheusSample[];
  types: Map<string, string>;
} {
  const samples: PrometheusSample[] = [];
  const types = new Map<string, string>();
  const lines = text.split('\n');
  if (/^\s*</.test(text)) {
    throw new PrometheusTextError(
      1,
      'this is HTML, not the Prometheus text format',
    );
  }
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = lines[index].replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+(TYPE|HELP|EOF)(?:\s+(\S+))?(?:\s+(.*))?$/.exec(line);
      if (m?.[1] === 'EOF') break;
      if (m?.[1] === 'TYPE') {
        if (!m[2] || !NAME.test(m[2]) || !METRIC_TYPES.has(m[3]?.trim())) {
          throw new PrometheusTextError(lineNo, 'invalid TYPE line');
        }
        types.set(m[2], m[3].trim());
      }
      continue;
    }
    samples.push(parseSampleLine(line, lineNo));
  }
  return { samples, types };
}

function parseSampleLine(line: string, lineNo: number): PrometheusSample {
  let rest = line.trimStart();
  const nameMatch = NAME.exec(rest);
  if (!nameMatch) {
    throw new PrometheusTextError(lineNo, 'expected a metric name');
  }
  const name = nameMatch[0];
  rest = rest.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const labelMatch = LABEL_NAME.exec(rest);
      if (!labelMatch) {
        throw new PrometheusTextError(lineNo, 'expected a label name');
      }
      const labelName = labelMatch[0];
      rest = rest.slice(labelName.length).trimStart();
      if (!rest.startsWith('="') && !rest.startsWith('= "')) {
        throw new PrometheusTextError(
          lineNo,
          'expected ="value" after a label name',
        );
      }
      rest = rest.slice(rest.indexOf('"') + 1);
      let value = '';
      let closed = false;
      let i = 0;
      for (; i < rest.length; i++) {
        const c = rest[i];
        if (c === '\\') {
          const next = rest[i + 1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else {
            throw new PrometheusTextError(
              lineNo,
              'invalid escape in a label value',
            );
          }
          i++;
        } else if (c === '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) {
        throw new PrometheusTextError(lineNo, 'unterminated label value');
      }
      if (labelName in labels) {
        throw new PrometheusTextError(lineNo, 'a label appears twice');
      }
      labels[labelName] = value;
      rest = rest.slice(i + 1).trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith('}')) {
        throw new PrometheusTextError(
          lineNo,
          'expected "," or "}" after a label',
        );
      }
    }
    rest = rest.slice(1);
  }
  const parts = rest.trim().split(/\s+/);
  if (parts.length < 1 || parts[0] === '' || parts.length > 2) {
    throw new PrometheusTextError(
      lineNo,
      'expected "<value> [timestamp]" after the metric name',
    );
  }
  const value = parseValue(parts[0], lineNo);
  let timestampMs: number | undefined;
  if (parts[1] !== undefined) {
    if (!/^-?\d+(\.\d+)?$/.test(parts[1])) {
      throw new PrometheusTextError(lineNo, 'a timestamp is not a number');
    }
    timestampMs = Number(parts[1]);
  }
  return { name, labels, value, timestampMs };
}
