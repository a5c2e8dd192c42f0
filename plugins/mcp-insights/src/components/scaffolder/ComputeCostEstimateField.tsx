import { useEffect } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
} from '@mcp-platform/plugin-mcp-insights-common';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';
import { formatCount, formatMoney, formatPercent } from '../common/format';

/**
 * `ui:options` of the field: which form fields hold the resources, when a template names them
 * otherwise than the MCP server template does.
 *
 * @public
 */
export interface ComputeCostEstimateUiOptions {
  /** Default `replicas`. */
  replicasField?: string;
  /** CPU cores per replica; default `cpu`. */
  cpuField?: string;
  /** Memory per replica in MiB; default `memoryMiB`. */
  memoryMiBField?: string;
  /** Default `environment`. */
  environmentField?: string;
  /** The server's monthly budget, to compare with; default `monthlyBudget`. */
  budgetField?: string;
}

/** The field's name in templates (`ui:field: McpComputeCostEstimate`). */
export const COMPUTE_COST_ESTIMATE_FIELD = 'McpComputeCostEstimate';

const finite = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** The estimate request from the form's answers, or undefined until they are complete. */
function requestOf(
  formData: Record<string, unknown>,
  options: ComputeCostEstimateUiOptions,
): ComputeCostEstimateRequest | undefined {
  const replicas = finite(formData[options.replicasField ?? 'replicas']);
  const cpu = finite(formData[options.cpuField ?? 'cpu']);
  const memoryMiB = finite(formData[options.memoryMiBField ?? 'memoryMiB']);
  const environment = formData[options.environmentField ?? 'environment'];
  if (replicas === undefined || cpu === undefined || memoryMiB === undefined)
    return undefined;
  return {
    replicas,
    cpu,
    memoryMiB,
    ...(typeof environment === 'string' && environment ? { environment } : {}),
  };
}

/** What the Review step shows: the figure and what it was computed from. */
export function estimateSummary(estimate: ComputeCostEstimate): string {
  const money = (v: number) => formatMoney(v, estimate.currency);
  const { replicas, cpu, memoryGb } = estimate.resources;
  const basis = `${formatCount(replicas)} × (${cpu} CPU, ${memoryGb.toFixed(
    2,
  )} GB) at ${money(estimate.rates.cpuCoreHour)} per core-hour and ${money(
    estimate.rates.memoryGbHour,
  )} per GB-hour`;
  return estimate.costModelConfigured
    ? `${money(estimate.monthly)} a month: ${basis}`
    : `Not priced: no cost model is configured (${money(
        estimate.monthly,
      )} a month at the built-in list prices)`;
}

function Arithmetic(props: { estimate: ComputeCostEstimate }) {
  const { estimate } = props;
  const money = (v: number) => formatMoney(v, estimate.currency);
  const { replicas, cpu, memoryGb } = estimate.resources;
  return (
    <Typography variant="body2" color="textSecondary">
      {formatCount(replicas)} replica{replicas === 1 ? '' : 's'} × ({cpu} CPU ×{' '}
      {money(estimate.rates.cpuCoreHour)} + {memoryGb.toFixed(2)} GB ×{' '}
      {money(estimate.rates.memoryGbHour)}) per hour × {estimate.hoursPerMonth}{' '}
      hours: {money(estimate.monthlyBreakdown.cpu)} CPU,{' '}
      {money(estimate.monthlyBreakdown.memory)} memory. LLM tokens and paid APIs
      come on top.
    </Typography>
  );
}

function BudgetComparison(props: {
  monthly: number;
  budget: number | undefined;
  currency: string;
}) {
  const { monthly, budget, currency } = props;
  if (budget === undefined) return null;
  const money = (v: number) => formatMoney(v, currency);
  if (monthly > budget) {
    return (
      <Typography variant="body2" color="error" role="alert">
        Over the monthly budget of {money(budget)} before any LLM tokens: raise
        the budget, or lower the replicas, CPU or memory.
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      {formatPercent(budget ? monthly / budget : null, 0)} of the monthly budget
      of {money(budget)}.
    </Typography>
  );
}

/**
 * A scaffolder field that shows what the server being created will cost in compute per month,
 * from the platform's cost model (`POST /api/mcp-insights/v1/cost/estimate`), as the replicas,
 * CPU and memory are chosen; its value is the estimate in words, which the Review step shows.
 * It asks nothing of the user and never blocks the form: without an estimate the value is empty.
 */
export function ComputeCostEstimateField(
  props: FieldExtensionComponentProps<string, ComputeCostEstimateUiOptions>,
) {
  const { onChange, formData: value, schema, uiSchema } = props;
  const api = useApi(mcpInsightsApiRef);
  const answers = (props.formContext?.formData ?? {}) as Record<
    string,
    unknown
  >;
  const options = uiSchema?.['ui:options'] ?? {};
  const request = requestOf(answers, options);
  const budget = finite(answers[options.budgetField ?? 'monthlyBudget']);
  const key = request ? JSON.stringify(request) : undefined;
  const estimate = useAsync(
    async () => (request ? api.estimateComputeCost(request) : undefined),
    // The request is rebuilt on every render; its JSON says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );

  const summary = estimate.value ? estimateSummary(estimate.value) : undefined;
  useEffect(() => {
    if (!estimate.loading && summary !== value) onChange(summary);
  }, [estimate.loading, summary, value, onChange]);

  let body;
  if (!request) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Choose the replicas, CPU and memory to see the estimate.
      </Typography>
    );
  } else if (estimate.loading) {
    body = (
      <>
        <Typography variant="body2" color="textSecondary">
          Asking the cost model…
        </Typography>
        <LinearProgress aria-label="Estimating the monthly compute cost" />
      </>
    );
  } else if (estimate.error) {
    const error = estimate.error as Error & {
      body?: { error?: { message?: string } };
    };
    body = (
      <Typography variant="body2" color="error" role="alert">
        Could not estimate the compute cost:{' '}
        {error.body?.error?.message ?? error.message}. You can still create the
        server; its Cost tab shows what it spends once it runs.
      </Typography>
    );
  } else if (estimate.value && !estimate.value.costModelConfigured) {
    body = (
      <>
        <Typography variant="body1">No cost model is configured.</Typography>
        <Typography variant="body2" color="textSecondary">
          The platform team has not set compute rates
          (mcpInsights.cost.compute), so this server cannot be priced. At the
          built-in public cloud list prices it would be about{' '}
          {formatMoney(estimate.value.monthly, estimate.value.currency)} a
          month.
        </Typography>
      </>
    );
  } else if (estimate.value) {
    body = (
      <>
        <Typography variant="h6" component="p">
          {formatMoney(estimate.value.monthly, estimate.value.currency)} a month
        </Typography>
        <Arithmetic estimate={estimate.value} />
        <BudgetComparison
          monthly={estimate.value.monthly}
          budget={budget}
          currency={estimate.value.currency}
        />
      </>
    );
  }
  return (
    <Box my={2} aria-live="polite">
      <Typography variant="subtitle1" component="h3">
        {schema.title ?? 'Estimated monthly compute cost'}
      </Typography>
      {schema.description && (
        <Typography variant="caption" color="textSecondary" component="p">
          {schema.description}
        </Typography>
      )}
      <Box mt={1}>{body}</Box>
    </Box>
  );
}
