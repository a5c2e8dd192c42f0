/**
 * Where the generated NetworkPolicy admits traffic from when the form leaves it open: Backstage,
 * which runs the platform's MCP gateway and discovery, and Prometheus.
 */
export const DEFAULT_NETWORK_POLICY = {
  gatewayNamespace: 'backstage',
  gatewayPods: 'app.kubernetes.io/name=backstage',
  metricsNamespace: 'monitoring',
  metricsPods: 'app.kubernetes.io/name=prometheus',
};

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const LABEL_KEY = new RegExp(
  `^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?${LABEL_NAME}$`,
);
const LABEL_VALUE = new RegExp(`^(${LABEL_NAME})?$`);

/** Parses a `key=value,key=value` pod selector (kubectl's -l syntax, equality only). */
function parsePodSelector(
  selector: string,
): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const pair of selector.split(',')) {
    const [key, value, ...rest] = pair.split('=').map(part => part.trim());
    if (
      rest.length > 0 ||
      value === undefined ||
      !LABEL_KEY.test(key) ||
      !LABEL_VALUE.test(value)
    ) {
      return undefined;
    }
    labels[key] = value;
  }
  return labels;
}

/** Who may connect to the server: pods of one namespace, by their labels. */
export interface NetworkPolicyPeer {
  namespace: string;
  podLabels: Record<string, string>;
}

/**
 * The network policy's peers from the form, defaults filled in; problems are added to `problems`.
 */
export function checkNetworkPolicy(
  input: Partial<typeof DEFAULT_NETWORK_POLICY>,
  problems: string[],
): { gateway: NetworkPolicyPeer; metrics: NetworkPolicyPeer } {
  const peer = (
    what: string,
    namespace: string,
    pods: string,
  ): NetworkPolicyPeer => {
    if (!NAMESPACE.test(namespace)) {
      problems.push(
        `${what} namespace "${namespace}" is not a Kubernetes namespace name: use lower-case letters, digits and dashes, e.g. ${DEFAULT_NETWORK_POLICY.gatewayNamespace}`,
      );
    }
    const podLabels = parsePodSelector(pods);
    if (!podLabels) {
      problems.push(
        `${what} pods "${pods}" is not a label selector: use key=value pairs separated by commas, e.g. ${DEFAULT_NETWORK_POLICY.gatewayPods}`,
      );
    }
    return { namespace, podLabels: podLabels ?? {} };
  };
  const value = (key: keyof typeof DEFAULT_NETWORK_POLICY) =>
    input[key]?.trim() || DEFAULT_NETWORK_POLICY[key];
  return {
    gateway: peer('Gateway', value('gatewayNamespace'), value('gatewayPods')),
    metrics: peer(
      'Metrics scraper',
      value('metricsNamespace'),
      value('metricsPods'),
    ),
  };
}
