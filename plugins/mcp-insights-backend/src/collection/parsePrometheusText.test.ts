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
      /line 1: a sample value is not a number/,
    ],
    [
      'ok 1\nmcp_tool_invocations_total{tool_name="x} 1',
      /line 2: unterminated label value/,
    ],
    ['m{a="1",a="2"} 1', /a label appears twice/],
    ['m{a=1} 1', /expected ="value" after a label name/],
    ['# TYPE m sandwich', /invalid TYPE line/],
    ['{a="1"} 1', /expected a metric name/],
    ['password=hunter2', /line 1: a sample value is not a number/],
    ['m{password="hunter2\\q"} 1', /invalid escape in a label value/],
  ])('rejects %j with the line and the reason', (text, message) => {
    expect(() => parsePrometheusText(text)).toThrow(message);
  });

  it('never quotes the input in its messages', () => {
    // Scraped text can be a secret file a redirect pointed at; the message is stored and shown.
    for (const text of [
      'password=hunter2',
      'ok 1\npassword hunter2',
      'password{secret="hunter2"} hunter2',
      'm{password="hunter2",password="hunter2"} 1',
      'm{password=hunter2} 1',
      '# TYPE password hunter2',
      'm 1 hunter2',
      '{password="hunter2"} 1',
    ]) {
      let message = '';
      try {
        parsePrometheusText(text);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^line \d+: /);
      expect(message).not.toMatch(/password|hunter2|secret/);
    }
  });
});
