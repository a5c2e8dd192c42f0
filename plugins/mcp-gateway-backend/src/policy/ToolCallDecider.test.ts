import { mockServices } from '@backstage/backend-test-utils';
import {
  DecisionSubject,
  GatewayDecision,
  ToolCallDecider,
  ToolCallPolicy,
} from './ToolCallDecider';

/**
 * A policy engine in memory: the tools it allows, changed by the test, and how many times it was
 * asked. While `held`, its answers wait until released (an engine that is slow to answer).
 */
class InMemoryToolCallPolicy implements ToolCallPolicy {
  allowed = new Set<string>();
  asked = 0;
  failing = false;
  private held?: { promise: Promise<void>; release: () => void };

  hold() {
    let release!: () => void;
    const promise = new Promise<void>(r => {
      release = r;
    });
    this.held = { promise, release };
  }

  release() {
    this.held?.release();
    this.held = undefined;
  }

  async evaluate(
    _subject: DecisionSubject,
    tools: { server: string; tool: string }[],
  ): Promise<GatewayDecision[]> {
    this.asked++;
    await this.held?.promise;
    if (this.failing) throw new Error('engine down');
    return tools.map(
      (t): GatewayDecision =>
        this.allowed.has(t.tool)
          ? {
              result: 'allow',
              reason: 'allow-rule',
              message: `${t.tool} is allowed`,
              rules: [
                {
                  rule: 'test/allow-listed',
                  effect: 'allow',
                  message: 'listed',
                },
              ],
              policySetDigest: 'd',
            }
          : {
              result: 'deny',
              reason: 'deny-rule',
              message: `${t.tool} is not allowed`,
              rules: [
                {
                  rule: 'test/deny-rest',
                  effect: 'deny',
                  message: 'not listed',
                },
              ],
              policySetDigest: 'd',
              decisionId: `decision-${this.asked}`,
            },
    );
  }
}

describe('ToolCallDecider', () => {
  const subject: DecisionSubject = {
    userRef: 'user:default/guest',
    groups: ['group:default/team-a'],
    team: 'group:default/team-a',
  };
  const question = {
    server: 'mcpserver:default/ledger',
    tool: 'get_balance',
    version: 'v1',
  };
  let clock = 0;
  let policy: InMemoryToolCallPolicy;
  let decider: ToolCallDecider;

  beforeEach(() => {
    clock = 1_000_000;
    policy = new InMemoryToolCallPolicy();
    policy.allowed.add('get_balance');
    decider = new ToolCallDecider({
      policy,
      logger: mockServices.logger.mock(),
      ttlMs: 10_000,
      now: () => clock,
    });
  });

  const settle = () => new Promise(resolve => setImmediate(resolve));

  it('answers a decision in use from the cache while it asks the engine again before it expires', async () => {
    expect((await decider.decideCall(subject, question)).result).toBe('allow');
    expect(policy.asked).toBe(1);

    // Halfway through its life: the cached decision, the engine not asked.
    clock += 5_000;
    await decider.decideCall(subject, question);
    expect(policy.asked).toBe(1);

    // In the last quarter: answered at once even though the engine does not answer yet...
    policy.hold();
    policy.allowed.delete('get_balance');
    clock += 3_000;
    expect((await decider.decideCall(subject, question)).result).toBe('allow');
    expect(policy.asked).toBe(2);
    // ...and asked once, however many calls come meanwhile.
    await decider.decideCall(subject, question);
    expect(policy.asked).toBe(2);

    // The engine's new answer replaces the decision, within the decision's lifetime.
    policy.release();
    await settle();
    expect((await decider.decideCall(subject, question)).result).toBe('deny');
  });

  it('never uses a decision past its lifetime: an expired one waits for the engine', async () => {
    await decider.decideCall(subject, question);
    policy.allowed.delete('get_balance');
    clock += 10_001;
    expect((await decider.decideCall(subject, question)).result).toBe('deny');
    expect(policy.asked).toBe(2);
  });

  it('keeps a decision until it expires when the engine fails to renew it, then fails closed', async () => {
    await decider.decideCall(subject, question);
    policy.failing = true;
    clock += 8_000;
    expect((await decider.decideCall(subject, question)).result).toBe('allow');
    await settle();
    clock += 1_000;
    expect((await decider.decideCall(subject, question)).result).toBe('allow');
    clock += 1_001;
    const expired = await decider.decideCall(subject, question);
    expect(expired.result).toBe('deny');
    expect(expired.message).toMatch(/policy engine could not be asked/);
  });
});
