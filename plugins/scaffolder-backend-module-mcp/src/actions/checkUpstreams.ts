import net from 'node:net';

/** Kinds of upstream dependency, as the policy engine's `deployment.egress[].kind` names them. */
export const UPSTREAM_KINDS = ['database', 'http', 'queue', 'other'] as const;

/** What the form asks for each upstream dependency. */
export interface RequestedUpstream {
  kind?: string;
  host?: string;
  port?: number;
}

/** An upstream in the policy engine's shape: `deployment.egress[]`. */
export interface Egress {
  host: string;
  port: number;
  kind: (typeof UPSTREAM_KINDS)[number];
}

/**
 * An upstream as the generated NetworkPolicy opens it. NetworkPolicy selects addresses, not
 * names: an IP address becomes an `ipBlock`, an in-cluster service name
 * (`<service>.<namespace>.svc[.cluster.local]`) its namespace; any other name opens the port
 * alone, to any address.
 */
export interface UpstreamEgressRule extends Egress {
  cidr?: string;
  namespace?: string;
}

export const MAX_UPSTREAMS = 50;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CLUSTER_SERVICE =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?\.([a-z0-9]([a-z0-9-]*[a-z0-9])?)\.svc(\.cluster\.local)?$/;
const EXAMPLE_HOST = 'ledger-api.payments.svc.cluster.local';

function hostProblem(host: string): string | undefined {
  if (!host)
    return `has no host: enter a DNS name or IP address, e.g. ${EXAMPLE_HOST}`;
  if (/[/@?#]/.test(host) || host.includes('://')) {
    return `host "${host}" is not a host name: enter the name or address only, without scheme, path or credentials, e.g. ${EXAMPLE_HOST}`;
  }
  if (net.isIP(host)) return undefined;
  if (/^[^:]+:\d+$/.test(host)) {
    return `host "${host}" holds a port: put the port in the Port field`;
  }
  const labels = host.split('.');
  if (host.length > 253 || !labels.every(label => DNS_LABEL.test(label))) {
    return `host "${host}" is not a DNS name or IP address: use letters, digits, dashes and dots, e.g. ${EXAMPLE_HOST} or 10.20.0.15`;
  }
  return undefined;
}

/**
 * Checks the server's upstream dependencies (databases, HTTP APIs, queues), adding what is wrong
 * to `problems`; returns them in the policy engine's shape and as NetworkPolicy egress rules.
 * Host names are lower-cased; the same host and port may be listed once.
 */
export function checkUpstreams(
  requested: RequestedUpstream[],
  problems: string[],
): { egress: Egress[]; rules: UpstreamEgressRule[] } {
  if (requested.length > MAX_UPSTREAMS) {
    problems.push(
      `${requested.length} upstream dependencies listed; at most ${MAX_UPSTREAMS}: split the server by domain`,
    );
    return { egress: [], rules: [] };
  }
  const seen = new Map<string, number>();
  const rules: UpstreamEgressRule[] = [];
  requested.forEach((upstream, index) => {
    const label = `Upstream ${index + 1}`;
    const host = (upstream.host ?? '').trim().toLocaleLowerCase('en-US');
    const kind = upstream.kind ?? '';
    const port = upstream.port;
    const before = problems.length;
    const problem = hostProblem(host);
    if (problem) problems.push(`${label} ${problem}`);
    if (!(UPSTREAM_KINDS as readonly string[]).includes(kind)) {
      problems.push(
        `${label} (${
          host || 'no host'
        }) has kind "${kind}": use one of ${UPSTREAM_KINDS.join(', ')}`,
      );
    }
    if (
      typeof port !== 'number' ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535
    ) {
      problems.push(
        `${label} (${host || 'no host'}) has port ${JSON.stringify(
          port,
        )}: use a whole number from 1 to 65535, e.g. 5432 for PostgreSQL`,
      );
    }
    if (problems.length > before) return;
    const key = `${host}:${port}`;
    if (seen.has(key)) {
      problems.push(
        `${label} (${key}) is already listed as upstream ${seen.get(
          key,
        )}: list each host and port once`,
      );
      return;
    }
    seen.set(key, index + 1);
    const rule: UpstreamEgressRule = {
      host,
      port: port!,
      kind: kind as Egress['kind'],
    };
    const ip = net.isIP(host);
    const service = CLUSTER_SERVICE.exec(host);
    if (ip) rule.cidr = `${host}/${ip === 4 ? 32 : 128}`;
    else if (service) rule.namespace = service[2];
    rules.push(rule);
  });
  return {
    egress: rules.map(({ host, port, kind }) => ({ host, port, kind })),
    rules,
  };
}
