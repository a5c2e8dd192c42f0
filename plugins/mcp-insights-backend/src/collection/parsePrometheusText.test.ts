import { parsePrometheusText } from './parsePrometheusText';

describe('parsePrometheusText', () => {
  it('reads types, labels with escapes, special values and timestamps', () => {
    const { samples, types } = parsePrometheusText(
      [
        '# HELP mcp_tool_invocations_total MCP tool calls',
        '# TYPE mcp_tool_invocations_total counter',
        'mcp_tool_invocations_total{tool_name="get_payment",status="success",server="payments-ledger"} 42',
        'mcp_tool_invocations_total{tool_name="say \\"hi\\"\\n",status="error",} 3 1700000000000',
        'mcp_tool_duration_seconds_bucket{le="+Inf",tool_name="get_payment"} 45',
        'process_start_time_seconds 1.7e9',
        'weird_gauge NaN',
        '',
        '# EOF',
        'ignored after EOF',
      ].join('\n'),
    );
    expect(types.get('mcp_tool_invocations_total')).toBe('counter');
    expect(samples).toEqual([
      {
        name: 'mcp_tool_invocations_total',
        labels: {
          tool_name: 'get_payment',
          status: 'success',
          server: 'payments-ledger',
        },
        value: 42,
        timestampMs: undefined,
      },
      {
        name: 'mcp_tool_invocations_total',
        labels: { tool_name: 'say "hi"\n', status: 'error' },
        value: 3,
        timestampMs: 1700000000000,
      },
      {
        name: 'mcp_tool_duration_seconds_bucket',
        labels: { le: '+Inf', tool_name: 'get_payment' },
        value: 45,
        timestampMs: undefined,
      },
      {
        name: 'process_start_time_seconds',
        labels: {},
        value: 1.7e9,
        timestampMs: undefined,
      },
      { name: 'weird_gauge', labels: {}, value: NaN, timestampMs: undefined },
    ]);
  });

  it.each([
    ['<html><body>Not found</body></html>', /line 1: this is HTML/],
    [
      'mcp_tool_invocations_total{tool_name="x"} many',
      /line 1: "many" is not a number/,
    ],
    [
      'ok 1\nmcp_tool_invocations_total{tool_name="x} 1',
      /line 2: unterminated value/,
    ],
    ['m{a="1",a="2"} 1', /label a appears twice/],
    ['m{a=1} 1', /expected ="value" after label a/],
    ['# TYPE m sandwich', /invalid TYPE line/],
    ['{a="1"} 1', /expected a metric name/],
  ])('rejects %j with the line and the reason', (text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(message);
  });
});
