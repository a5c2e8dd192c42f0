import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Environment } from '@marcbachmann/cel-js';
import {
  POLICY_TARGETS,
  PolicyTarget,
} from '@mcp-platform/plugin-mcp-policy-common';
import { parseAllDocuments } from 'yaml';
import { BAIL, compileFastExpression, withFastPath } from './celClosures';
import {
  createEvaluationEnvironment,
  evaluationVariables,
  toCelActivation,
} from './celEnvironments';
import { compilePolicySet } from './compilePolicySet';
import {
  completePermissionInput,
  completeToolCallInput,
} from './completeInput';

type Outcome = { value: unknown } | { error: true } | { bail: true };

function runFast(
  fast: (a: Record<string, unknown>) => unknown,
  activation: Record<string, unknown>,
): Outcome {
  try {
    return { value: fast(activation) };
  } catch (error) {
    if (error !== BAIL) throw error; // the fast path must never fail any other way
    return { bail: true };
  }
}

function runCel(
  slow: (a: Record<string, unknown>) => unknown,
  activation: Record<string, unknown>,
): Outcome {
  try {
    return { value: slow(activation) };
  } catch {
    return { error: true };
  }
}

/** Values of every kind CEL inputs take here, with the edge cases of each. */
const VALUES: Record<string, unknown> = {
  'int 0': 0n,
  'int 1': 1n,
  'int -7': -7n,
  'int max': 9223372036854775807n,
  'int min': -9223372036854775808n,
  'double 0': 0,
  'double -0': -0,
  'double 1': 1,
  'double 2.5': 2.5,
  'double -7.5': -7.5,
  'double NaN': NaN,
  'double +Inf': Infinity,
  'double 1e300': 1e300,
  'string empty': '',
  'string a': 'a',
  'string B': 'B',
  'string astral': '😀',
  'string bmp': '\uffff',
  'string 12': '12',
  'bool true': true,
  'bool false': false,
  null: null,
  'list empty': [],
  'list ints': [1n, 2n],
  'list doubles': [1, 2.5],
  'list strings': ['a', 'b'],
  'list mixed': [1n, 'a', null, true],
  'list nested': [[1n]],
  'map empty': {},
  'map a': { a: 1n },
  'map strings': { a: 'x', b: 'y' },
};

const DYN_AB = { a: 'dyn', b: 'dyn' } as const;

const BINARY = [
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
  '&&',
  '||',
];
const UNARY = [
  '!a',
  '-a',
  'string(a)',
  'int(a)',
  'double(a)',
  'size(a)',
  'a.size()',
  'dyn(a)',
  'a ? 1 : 2',
  'a.join()',
  'a.join("-")',
  'a.exists(x, x == 1)',
  'a.all(x, x != "a")',
  'a.exists_one(x, x == 1)',
  'a.filter(x, x > 0)',
  'a.map(x, x + x)',
  'a.map(x, x > 1, string(x))',
  'a.a',
  'has(a.a)',
  'a["a"]',
  'a[0]',
  'a[1]',
  'a.contains("a")',
  'a.startsWith("a")',
  'a.endsWith("a")',
  '[a, a]',
  '[a] + [1]',
];

describe('the CEL fast path', () => {
  const env = new Environment({})
    .registerVariable('a', 'dyn')
    .registerVariable('b', 'dyn');

  /** Compares the fast path with cel-js on one expression and activation. */
  function compare(expression: string, activation: Record<string, unknown>) {
    const slow = env.parse(expression);
    const fast = compileFastExpression(env.parse(expression).ast, DYN_AB);
    expect({ expression, compiled: fast !== undefined }).toEqual({
      expression,
      compiled: true,
    });
    const f = runFast(fast!, activation);
    const s = runCel(slow, activation);
    // An answer of the fast path is cel-js' answer, exactly (Object.is for numbers).
    expect({ expression, activation, outcome: f }).toEqual({
      expression,
      activation,
      outcome: 'bail' in f ? f : s,
    });
    // And through withFastPath, every case gives cel-js' outcome.
    expect(runCel(withFastPath(fast, slow), activation)).toEqual(s);
    return 'bail' in f ? 'bail' : 'fast';
  }

  it('agrees with cel-js on every binary operator over every pair of value kinds', () => {
    const counts = { fast: 0, bail: 0 };
    for (const op of BINARY) {
      for (const [, a] of Object.entries(VALUES)) {
        for (const [, b] of Object.entries(VALUES)) {
          counts[compare(`a ${op} b`, { a, b })]++;
        }
      }
    }
    // Most pairs mix types, which cel-js decides; same-type pairs are the fast path's own.
    expect(counts.fast).toBeGreaterThan(1000);
  });

  it('agrees with cel-js on functions, macros and access over every value kind', () => {
    const counts = { fast: 0, bail: 0 };
    for (const expression of UNARY) {
      for (const [, a] of Object.entries(VALUES)) {
        counts[compare(expression, { a, b: 0n })]++;
      }
    }
    expect(counts.fast).toBeGreaterThan(100);
  });

  it('answers typical policy expressions itself', () => {
    const activation = {
      a: { kind: 'database', hosts: ['x', 'y'], n: 3n, ratio: 0.95 },
      b: ['group:default/a', 'group:default/b'],
    };
    for (const expression of [
      'a.kind == "database" && a.n * 2 > 5',
      'has(a.ratio) && a.ratio != null && a.ratio >= 0.9',
      '"group:default/a" in b && !("x" in b)',
      'b.exists(g, g.startsWith("group:")) || false',
      '"hosts: " + a.hosts.map(h, h + "!").join(", ") + string(a.n)',
      'string(int(a.ratio * 100.0)) + " %"',
      'double(a.n) * 0.5 < 2.0 ? "small" : "large"',
      'a.hosts.filter(h, h != "x").size() == 1',
      'a.hosts.all(h, h in ["x", "y"])',
    ]) {
      expect([expression, compare(expression, activation)]).toEqual([
        expression,
        'fast',
      ]);
    }
  });

  it('leaves expressions outside its subset to cel-js', () => {
    for (const expression of [
      'a.matches("^x")',
      '{"k": a}.k == 1',
      '1u == a',
      'b"x" == a',
      'unknown.x',
      'a.all(k, v, v)',
      'timestamp(a)',
    ]) {
      const ast = (() => {
        try {
          return env.parse(expression).ast;
        } catch {
          return undefined;
        }
      })();
      expect(ast && compileFastExpression(ast, DYN_AB)).toBeUndefined();
    }
  });

  it('scopes comprehension variables, shadowing outer ones', () => {
    expect(
      compare('[1, 2].exists(a, a == 2) && a == "outer"', { a: 'outer' }),
    ).toBe('fast');
    expect(
      compare('[[1], [2, 3]].exists(a, a.exists(b, b == 3)) && b == 0', {
        a: 0n,
        b: 0n,
      }),
    ).toBe('fast');
  });
});

describe('the built-in policy pack on the fast path', () => {
  const dir = resolve(__dirname, '../../policies/builtin');
  const sources = readdirSync(dir).map(f => ({
    source: f,
    content: readFileSync(resolve(dir, f), 'utf8'),
  }));
  const { set } = compilePolicySet(sources);

  /** The inputs of the pack's own tests, by target. */
  const inputs: Record<PolicyTarget, Record<string, any>[]> = {
    deployment: [],
    'tool-call': [],
    permission: [],
  };
  for (const { content } of sources) {
    for (const doc of parseAllDocuments(content, { merge: true }) as any[]) {
      if (doc.get('kind') !== 'McpPolicyTest') continue;
      for (const test of doc.toJS().spec.tests) {
        // Completed as runPolicyTests completes them, so rules see what the engine gives them.
        const complete: Record<PolicyTarget, (input: any) => any> = {
          deployment: input => input,
          'tool-call': completeToolCallInput,
          permission: completePermissionInput,
        };
        inputs[test.target as PolicyTarget].push(
          complete[test.target as PolicyTarget](test.input),
        );
      }
    }
  }

  /** Variants of an input with one field missing, null, or of the wrong type. */
  function mutations(input: Record<string, any>): Record<string, any>[] {
    const out: Record<string, any>[] = [];
    const variants = [undefined, null, 'x', 1.5, 3, true, [], {}];
    const visit = (path: string[], value: any) => {
      if (path.length > 3) return;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const key of Object.keys(value)) {
          for (const v of variants) {
            const copy = structuredClone(input);
            let o = copy;
            for (const p of path) o = o[p];
            if (v === undefined) delete o[key];
            else o[key] = v;
            out.push(copy);
          }
          visit([...path, key], value[key]);
        }
      }
    };
    visit([], input);
    return out;
  }

  it.each(POLICY_TARGETS)(
    'gives the answers of cel-js for every %s rule, and answers the tests’ inputs itself',
    target => {
      const env = createEvaluationEnvironment(target);
      const variables = evaluationVariables(target);
      expect(inputs[target].length).toBeGreaterThan(0);
      let fastAnswers = 0;
      for (const rule of set!.rules[target]) {
        for (const field of ['condition', 'messageExpression'] as const) {
          const expression = rule.definition[field];
          if (!expression) continue;
          const fast = compileFastExpression(
            env.parse(expression).ast,
            variables,
          );
          expect({ rule: rule.id, field, compiled: !!fast }).toEqual({
            rule: rule.id,
            field,
            compiled: true,
          });
          const slow = env.parse(expression);
          for (const input of inputs[target]) {
            const activation = toCelActivation(target, input);
            const f = runFast(fast!, activation);
            const s = runCel(slow, activation);
            // Where cel-js answers the pack's own inputs, so does the fast path.
            expect({ rule: rule.id, f }).toEqual({
              rule: rule.id,
              f: 'value' in s ? s : f,
            });
            if ('value' in f) fastAnswers++;
            for (const variant of mutations(input)) {
              const a = toCelActivation(target, variant);
              const fv = runFast(fast!, a);
              expect({ rule: rule.id, variant, fv }).toEqual({
                rule: rule.id,
                variant,
                fv: 'bail' in fv ? fv : runCel(slow, a),
              });
            }
          }
        }
      }
      expect(fastAnswers).toBeGreaterThan(0);
    },
  );
});
