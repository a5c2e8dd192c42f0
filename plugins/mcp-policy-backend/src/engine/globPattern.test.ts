import { compileGlob, globProblem } from './globPattern';

describe('compileGlob', () => {
  it.each([
    ['production', 'production', true],
    ['production', 'production-eu', false],
    ['prod*', 'production', true],
    ['prod*', 'pro', false],
    ['*', '', true],
    ['**', 'anything', true],
    ['api:default/payments-*', 'api:default/payments-ledger', true],
    ['api:default/payments-*', 'api:default/support-desk', false],
    ['*_payment', 'refund_payment', true],
    ['*_payment', 'refund_payments', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'acb', false],
    // the prefix and suffix may not share characters
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    // a middle part must fit between the prefix and the suffix
    ['a*bc*c', 'abcc', true],
    ['a*bc*c', 'abc', false],
    // everything but * is literal
    ['mcp.catalog.*', 'mcp.catalogXrefresh', false],
    ['mcp.catalog.*', 'mcp.catalog.refresh', true],
    ['a?c', 'abc', false],
    ['a?c', 'a?c', true],
    ['[ab]', 'a', false],
  ])('%p matches %p: %p', (glob, value, expected) => {
    expect(compileGlob(glob)(value)).toBe(expected);
  });

  it('answers hostile names in one pass', () => {
    const glob = compileGlob('*a*a*a*a*a*a*a*a*a*b');
    expect(glob('a'.repeat(65_536))).toBe(false);
    expect(glob(`${'a'.repeat(65_536)}b`)).toBe(true);
  });
});

describe('globProblem', () => {
  it('allows up to 10 wildcards, counting runs of * once', () => {
    expect(globProblem('get_*')).toBeUndefined();
    expect(globProblem('*a'.repeat(10))).toBeUndefined();
    expect(globProblem('**a'.repeat(10))).toBeUndefined();
    expect(globProblem(`${'*a'.repeat(10)}*`)).toMatch(
      /has 11 wildcards, more than 10/,
    );
  });
});
