import {
  mcpToolInvokePermission,
  parseToolResourceRef,
  toolResourceRef,
} from './permissions';

describe('tool resource refs', () => {
  it('round-trips a server ref and a tool name', () => {
    const ref = toolResourceRef(
      'api:default/payments-ledger',
      'refund_payment',
    );
    expect(ref).toBe('api:default/payments-ledger#refund_payment');
    expect(parseToolResourceRef(ref)).toEqual({
      serverRef: 'api:default/payments-ledger',
      toolName: 'refund_payment',
    });
  });

  it('rejects refs that do not name an API entity and a tool', () => {
    expect(() => toolResourceRef('component:default/x', 'a')).toThrow(
      /expected "api:<namespace>\/<name>"/,
    );
    expect(() => parseToolResourceRef('api:default/x')).toThrow(
      /expected "api:<namespace>\/<name>#<tool>"/,
    );
  });

  it('makes tool invocation a resource permission on mcp-tool', () => {
    expect(mcpToolInvokePermission).toMatchObject({
      type: 'resource',
      name: 'mcp.tool.invoke',
      resourceType: 'mcp-tool',
    });
  });
});
