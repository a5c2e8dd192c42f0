import { mockServices } from '@backstage/backend-test-utils';
import { PolicyContextProvider } from '@mcp-platform/plugin-mcp-policy-node';
import { gatherPolicyContext } from './gatherPolicyContext';

function provider(
  name: string,
  provide: PolicyContextProvider['provide'],
): PolicyContextProvider {
  return { name, provide };
}

describe('gatherPolicyContext', () => {
  it('keeps plain answers and turns failed or oversized ones into named failures', async () => {
    const logger = mockServices.logger.mock();
    const { context, failures } = await gatherPolicyContext(
      { kind: 'tool-call', serverRef: 'api:default/x', toolName: 't' },
      {
        providers: [
          provider('budget', async request => ({
            team: request.teamRef,
            spent: 12,
            note: undefined,
          })),
          provider('broken', async () => {
            throw new Error('upstream said no');
          }),
          provider('huge', async () => ({ text: 'x'.repeat(70_000) })),
        ],
        timeoutMs: 5_000,
        logger,
      },
    );
    // Undefined members are dropped, so has() sees what JSON would carry.
    expect(context).toEqual({ budget: { spent: 12 } });
    expect(Object.keys(failures).sort()).toEqual(['broken', 'huge']);
    expect(failures.broken).toContain('upstream said no');
    expect(failures.huge).toBe('its answer has a string longer than 64 KiB');
    expect(logger.warn).toHaveBeenCalledWith(
      'Policy context provider huge failed for a tool-call decision: its answer has a string longer than 64 KiB',
    );
  });
});
