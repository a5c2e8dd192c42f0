import { useState } from 'react';
import { mockApis } from '@backstage/frontend-test-utils';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  ComputeCostEstimate,
  ComputeCostEstimateRequest,
} from '@mcp-platform/plugin-mcp-insights-common';
import { act, fireEvent, screen } from '@testing-library/react';
import { McpInsightsApi, McpInsightsClient } from '../../api';
import { fakeMcpInsightsApi } from '../../__testUtils__/fakeMcpInsightsApi';
import { renderWithInsightsApi } from '../../__testUtils__/renderWithInsightsApi';
import {
  ComputeCostEstimateField,
  ComputeCostEstimateUiOptions,
} from './ComputeCostEstimateField';

/** What the backend answers for 2 × (0.5 CPU, 512 MiB) at 0.04 / 0.005. */
const estimateOf = (
  request: ComputeCostEstimateRequest,
  overrides: Partial<ComputeCostEstimate> = {},
): ComputeCostEstimate => {
  const memoryGb = ((request.memoryMiB ?? 0) * 1024 ** 2) / 1e9;
  const cpu = request.replicas * request.cpu * 0.04 * 730;
  const memory = request.replicas * memoryGb * 0.005 * 730;
  return {
    currency: 'USD',
    costModelConfigured: true,
    environment: request.environment,
    resources: { replicas: request.replicas, cpu: request.cpu, memoryGb },
    rates: { cpuCoreHour: 0.04, memoryGbHour: 0.005 },
    hoursPerMonth: 730,
    hourly: (cpu + memory) / 730,
    monthly: cpu + memory,
    monthlyBreakdown: { cpu, memory },
    ...overrides,
  };
};

const runtime = {
  replicas: 2,
  cpu: 0.5,
  memoryMiB: 512,
  environment: 'production',
  monthlyBudget: 100,
};

/**
 * The field as the scaffolder's form holds it: the other answers in `formContext.formData`, its
 * own value fed back from `onChange`, and a button standing in for the replicas input.
 */
function FormStandIn(props: {
  answers: Record<string, unknown>;
  uiOptions?: ComputeCostEstimateUiOptions;
  onValue: (value: string | undefined) => void;
}) {
  const [answers, setAnswers] = useState(props.answers);
  const [value, setValue] = useState<string>();
  const fieldProps = {
    formData: value,
    onChange: (next: string | undefined) => {
      setValue(next);
      props.onValue(next);
    },
    formContext: { formData: answers },
    schema: {
      type: 'string',
      title: 'Estimated monthly compute cost',
      description: 'From the platform cost model.',
    },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
  } as unknown as FieldExtensionComponentProps<
    string,
    ComputeCostEstimateUiOptions
  >;
  return (
    <>
      <ComputeCostEstimateField {...fieldProps} />
      <button
        onClick={() =>
          setAnswers(a => ({ ...a, replicas: Number(a.replicas) + 1 }))
        }
      >
        one more replica
      </button>
    </>
  );
}

async function renderField(
  api: McpInsightsApi,
  answers: Record<string, unknown>,
  uiOptions?: ComputeCostEstimateUiOptions,
) {
  const values: (string | undefined)[] = [];
  await renderWithInsightsApi(
    <FormStandIn
      answers={answers}
      uiOptions={uiOptions}
      onValue={v => values.push(v)}
    />,
    api,
  );
  return values;
}

describe('ComputeCostEstimateField', () => {
  it("shows the monthly figure with its arithmetic and the budget's share, and gives the Review step the figure", async () => {
    const asked: ComputeCostEstimateRequest[] = [];
    const { api } = fakeMcpInsightsApi({
      estimateComputeCost: async request => {
        asked.push(request);
        return estimateOf(request);
      },
    });
    const values = await renderField(api, runtime);
    expect(await screen.findByText('$33.12 a month')).toBeInTheDocument();
    expect(asked).toEqual([
      { replicas: 2, cpu: 0.5, memoryMiB: 512, environment: 'production' },
    ]);
    expect(
      screen.getByText(
        /2 replicas × \(0\.5 CPU × \$0\.0400 \+ 0\.54 GB × \$0\.0050\) per hour × 730 hours/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('33 % of the monthly budget of $100.00.'),
    ).toBeInTheDocument();
    expect(values).toEqual([
      '$33.12 a month: 2 × (0.5 CPU, 0.54 GB) at $0.0400 per core-hour and $0.0050 per GB-hour',
    ]);

    // A changed answer is estimated again, and the Review step gets the new figure.
    fireEvent.click(screen.getByText('one more replica'));
    expect(await screen.findByText('$49.68 a month')).toBeInTheDocument();
    expect(asked.map(r => r.replicas)).toEqual([2, 3]);
    expect(values[values.length - 1]).toMatch(/^\$49\.68 a month: 3 × /);
  });

  it('reads resources from the fields a template names, and says when the budget is too small', async () => {
    const { api } = fakeMcpInsightsApi({
      estimateComputeCost: async request => estimateOf(request),
    });
    await renderField(
      api,
      { count: 4, cores: 2, ram: 4096, budget: 50 },
      {
        replicasField: 'count',
        cpuField: 'cores',
        memoryMiBField: 'ram',
        budgetField: 'budget',
      },
    );
    expect(await screen.findByText('$296.31 a month')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Over the monthly budget of $50.00 before any LLM tokens: raise the budget, or lower the replicas, CPU or memory.',
    );
  });

  it('shows that it is asking while the cost model answers', async () => {
    let answer: (estimate: ComputeCostEstimate) => void = () => {};
    const { api } = fakeMcpInsightsApi({
      estimateComputeCost: () =>
        new Promise(resolve => {
          answer = resolve;
        }),
    });
    const values = await renderField(api, runtime);
    expect(screen.getByText('Asking the cost model…')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', {
        name: 'Estimating the monthly compute cost',
      }),
    ).toBeInTheDocument();
    expect(values).toEqual([]);
    await act(async () => answer(estimateOf(runtime)));
    expect(await screen.findByText('$33.12 a month')).toBeInTheDocument();
    expect(
      screen.queryByText('Asking the cost model…'),
    ).not.toBeInTheDocument();
  });

  it('says when no cost model is configured rather than presenting list prices as the platform’s', async () => {
    const { api } = fakeMcpInsightsApi({
      estimateComputeCost: async request =>
        estimateOf(request, { costModelConfigured: false }),
    });
    const values = await renderField(api, runtime);
    expect(
      await screen.findByText('No cost model is configured.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /has not set compute rates \(mcpInsights\.cost\.compute\)/,
      ),
    ).toHaveTextContent('about $33.12 a month');
    expect(screen.queryByText('$33.12 a month')).not.toBeInTheDocument();
    expect(values).toEqual([
      'Not priced: no cost model is configured ($33.12 a month at the built-in list prices)',
    ]);
  });

  it("shows the backend's refusal through the real client, and leaves the value empty", async () => {
    const fetchApi = mockApis.fetch({
      baseImplementation: async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'Invalid estimate request: cpu must be at most 256 cores',
            },
            request: {
              method: 'POST',
              url: '/api/mcp-insights/v1/cost/estimate',
            },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'content-type': 'application/json' } },
        ),
    });
    const api = new McpInsightsClient({
      discoveryApi: mockApis.discovery(),
      fetchApi,
    });
    const values = await renderField(api, { ...runtime, cpu: 512 });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not estimate the compute cost: Invalid estimate request: cpu must be at most 256 cores. You can still create the server',
    );
    expect(values).toEqual([]);
  });

  it('waits for the replicas, CPU and memory before asking', async () => {
    const { api } = fakeMcpInsightsApi();
    await renderField(api, { replicas: 2, cpu: 0.5 });
    expect(
      screen.getByText(
        'Choose the replicas, CPU and memory to see the estimate.',
      ),
    ).toBeInTheDocument();
  });
});
