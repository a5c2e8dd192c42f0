import { builtinRiskRules } from './riskRules';
import { patternCostProblem } from './patternCost';
import { RiskScanner } from './RiskScanner';

describe('patternCostProblem', () => {
  it('accepts bounded patterns, however many words they list', () => {
    expect(patternCostProblem('\\bcorp\\.acme\\.internal\\b', 'iug')).toBe(
      undefined,
    );
    expect(
      patternCostProblem(
        '\\b(send|post|upload)\\s{1,3}\\S{0,40}https?://',
        'iug',
      ),
    ).toBe(undefined);
  });

  it.each([
    ['<system[^>]*>', /repeats without an upper bound/],
    ['(a+)+$', /repeats without an upper bound/],
    ['^(a|a)*$', /repeats without an upper bound/],
    ['x{2,}', /repeats without an upper bound/],
    ['(ab)\\1', /backreference/],
    ['(a|a){0,40}', /more than 250000 ways/],
    ['(', /Unterminated group/],
  ])('rejects %p', (pattern, problem) => {
    expect(patternCostProblem(pattern, 'iug')).toMatch(problem);
  });

  it('holds every built-in rule to the bound', () => {
    for (const rule of builtinRiskRules)
      expect([
        rule.id,
        patternCostProblem(rule.pattern, `${rule.flags ?? 'iu'}g`),
      ]).toEqual([rule.id, undefined]);
  });

  it('refuses a configured rule that could backtrack, naming it', () => {
    expect(
      () =>
        new RiskScanner({
          extraRules: [
            {
              id: 'acme-host',
              severity: 'low',
              message: 'm',
              pattern: 'corp.*internal',
            },
          ],
        }),
    ).toThrow(
      /Invalid pattern of risk rule "acme-host": ".\*" repeats without an upper bound/,
    );
  });
});
