// Long for a reason: one compiler over every operator of the fast subset (values: celFastValues.ts).
/**
 * A fast path for CEL evaluation: the parsed expression (cel-js' AST) turned into nested
 * JavaScript closures once, at load.
 *
 * cel-js walks its AST on every evaluation and, since the evaluation environment types the
 * inputs as `dyn`, looks up each operator's overload by the runtime types of its operands. That
 * is most of a decision's time. The closures here do the same work with the dispatch resolved
 * by `typeof`, and no walk.
 *
 * Why by hand: no CEL library for JavaScript compiles expressions to closures (cel-js and
 * @bufbuild/cel both interpret). The fast path is kept safe by construction rather than by
 * re-implementing all of CEL:
 *
 * - It covers the common subset (literals, variables, field and index access, logic,
 *   comparisons, arithmetic, `in`, `has`, the list macros, a few conversions and string
 *   functions). An expression using anything else is not compiled; cel-js evaluates it.
 * - It only ever returns a value in cases where that value is known to be cel-js' own: same-type
 *   operands with plain semantics. Every other case (mixed types, a missing key, an overflow, a
 *   non-bool condition: anything that would be an error or a subtle CEL rule) throws
 *   {@link BAIL}, and {@link withFastPath} hands the whole expression to cel-js, which gives the
 *   exact CEL answer or error. Expressions have no side effects, so running again is safe.
 *
 * A differential test (`celClosures.test.ts`) checks every operator and function over a matrix of
 * value types against cel-js, and the built-in pack's expressions over its test inputs.
 */
import {
  BAIL,
  BINARY_OPERATORS,
  bail,
  bool,
  field,
  isPlainMap,
  list,
  size,
  str,
  toCelDouble,
  toCelInt,
  toCelString,
} from './celFastValues';

export { BAIL, isPlainMap } from './celFastValues';

/** A node of cel-js' parsed AST (`op` and `args`, as its parser builds them). */
interface AstNode {
  op: string;
  args: unknown;
}

/** A compiled fast expression: throws {@link BAIL} when cel-js must decide. */
export type FastExpression = (activation: Record<string, unknown>) => unknown;

type Closure = (activation: Record<string, unknown>) => unknown;

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AstNode).op === 'string'
  );
}

/**
 * The mark of an activation whose every variable has been checked to be a plain map (see
 * {@link markPlainMaps}): the fast path then skips that check for each expression it runs.
 */
const ALL_PLAIN_MAPS: unique symbol = Symbol('cel-activation-all-plain-maps');

/** Compiles one node; undefined when the node (or a child) is outside the fast subset. */
class ClosureCompiler {
  /** Comprehension variables in scope, innermost last, each with the cell holding its value. */
  private readonly scopes: { name: string; cell: { value: unknown } }[] = [];

  constructor(private readonly variables: ReadonlySet<string>) {}

  compile(node: unknown): Closure | undefined {
    if (!isNode(node)) return undefined;
    const args = node.args;
    switch (node.op) {
      case 'value':
        return this.literal(args);
      case 'id':
        return this.identifier(args);
      case 'list': {
        if (!Array.isArray(args)) return undefined;
        const items = this.all(args);
        return items && (a => items.map(f => f(a)));
      }
      case '.': {
        const [target, key] = args as [unknown, unknown];
        const obj = this.compile(target);
        if (!obj || typeof key !== 'string') return undefined;
        return a => field(obj(a), key);
      }
      case '[]': {
        const [target, index] = args as [unknown, unknown];
        const obj = this.compile(target);
        const idx = this.compile(index);
        if (!obj || !idx) return undefined;
        return a => {
          const o = obj(a);
          const i = idx(a);
          if (Array.isArray(o) && typeof i === 'bigint') {
            return i >= 0n && i < BigInt(o.length) ? o[Number(i)] : bail();
          }
          return typeof i === 'string' ? field(o, i) : bail();
        };
      }
      case '!_': {
        const x = this.compile(args);
        return x && (a => !bool(x(a)));
      }
      case '-_': {
        const x = this.compile(args);
        return (
          x &&
          (a => {
            const v = x(a);
            return typeof v === 'bigint' || typeof v === 'number' ? -v : bail();
          })
        );
      }
      case '&&':
      case '||':
        return this.logical(node.op, args);
      case '?:': {
        const [c, t, f] = this.all(args as unknown[]) ?? [];
        if (!c || !t || !f) return undefined;
        return a => (bool(c(a)) ? t(a) : f(a));
      }
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case 'in': {
        const [l, r] = this.all(args as unknown[]) ?? [];
        if (!l || !r) return undefined;
        const apply = BINARY_OPERATORS[node.op];
        return a => apply(l(a), r(a));
      }
      case 'call':
        return this.call(args as [unknown, unknown]);
      case 'rcall':
        return this.receiverCall(args as [unknown, unknown, unknown]);
      default:
        return undefined;
    }
  }

  private all(nodes: unknown[]): Closure[] | undefined {
    const out: Closure[] = [];
    for (const n of nodes) {
      const c = this.compile(n);
      if (!c) return undefined;
      out.push(c);
    }
    return out;
  }

  private literal(value: unknown): Closure | undefined {
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'bigint' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      return () => value;
    }
    return undefined; // bytes, uint: cel-js' own types
  }

  private identifier(name: unknown): Closure | undefined {
    if (typeof name !== 'string') return undefined;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      if (this.scopes[i].name === name) {
        const cell = this.scopes[i].cell;
        return () => cell.value;
      }
    }
    if (!this.variables.has(name)) return undefined;
    return a => {
      const v = a[name];
      return v === undefined ? bail() : v;
    };
  }

  private logical(op: '&&' | '||', args: unknown): Closure | undefined {
    const [l, r] = this.all(args as unknown[]) ?? [];
    if (!l || !r) return undefined;
    // Short-circuit on a bool; anything else (an error on the left that the right might absorb,
    // a non-bool operand) is cel-js' to decide.
    return op === '&&'
      ? a => {
          const x = l(a);
          if (x === false) return false;
          return x === true ? bool(r(a)) : bail();
        }
      : a => {
          const x = l(a);
          if (x === true) return true;
          return x === false ? bool(r(a)) : bail();
        };
  }

  private call([name, rawArgs]: [unknown, unknown]): Closure | undefined {
    if (typeof name !== 'string' || !Array.isArray(rawArgs)) return undefined;
    if (name === 'has') {
      const target = rawArgs[0];
      if (rawArgs.length !== 1 || !isNode(target) || target.op !== '.') {
        return undefined;
      }
      const [objNode, key] = target.args as [unknown, unknown];
      const obj = this.compile(objNode);
      if (!obj || typeof key !== 'string') return undefined;
      return a => {
        const o = obj(a);
        if (!isPlainMap(o)) return bail();
        return Object.hasOwn(o, key) && o[key] !== undefined;
      };
    }
    if (rawArgs.length !== 1) return undefined;
    const x = this.compile(rawArgs[0]);
    if (!x) return undefined;
    switch (name) {
      case 'string':
        return a => toCelString(x(a));
      case 'int':
        return a => toCelInt(x(a));
      case 'double':
        return a => toCelDouble(x(a));
      case 'size':
        return a => size(x(a));
      case 'dyn':
        return x;
      default:
        return undefined;
    }
  }

  private receiverCall([name, receiver, rawArgs]: [unknown, unknown, unknown]):
    | Closure
    | undefined {
    if (typeof name !== 'string' || !Array.isArray(rawArgs)) return undefined;
    const target = this.compile(receiver);
    if (!target) return undefined;
    switch (name) {
      case 'exists':
      case 'all':
      case 'exists_one':
      case 'filter':
        return rawArgs.length === 2
          ? this.comprehension(name, target, rawArgs[0], rawArgs[1])
          : undefined;
      case 'map':
        if (rawArgs.length === 2) {
          return this.comprehension('map', target, rawArgs[0], rawArgs[1]);
        }
        if (rawArgs.length === 3) {
          return this.comprehension(
            'map',
            target,
            rawArgs[0],
            rawArgs[2],
            rawArgs[1],
          );
        }
        return undefined;
      default:
        break;
    }
    const args = this.all(rawArgs);
    if (!args) return undefined;
    const [arg] = args;
    switch (`${name}/${args.length}`) {
      case 'join/0':
      case 'join/1':
        return a => {
          const items = list(target(a));
          const separator = arg ? str(arg(a)) : '';
          for (const item of items) str(item);
          return items.join(separator);
        };
      case 'contains/1':
        return a => str(target(a)).includes(str(arg(a)));
      case 'startsWith/1':
        return a => str(target(a)).startsWith(str(arg(a)));
      case 'endsWith/1':
        return a => str(target(a)).endsWith(str(arg(a)));
      case 'size/0':
        return a => size(target(a));
      default:
        return undefined;
    }
  }

  /** The list macros, over lists only (a map's keys are cel-js' business). */
  private comprehension(
    kind: 'exists' | 'all' | 'exists_one' | 'filter' | 'map',
    target: Closure,
    variable: unknown,
    body: unknown,
    predicate?: unknown,
  ): Closure | undefined {
    if (!isNode(variable) || variable.op !== 'id') return undefined;
    const name = variable.args;
    if (typeof name !== 'string') return undefined;
    const cell = { value: undefined as unknown };
    this.scopes.push({ name, cell });
    const step = this.compile(body);
    const filter =
      predicate === undefined ? undefined : this.compile(predicate);
    this.scopes.pop();
    if (!step || (predicate !== undefined && !filter)) return undefined;
    switch (kind) {
      case 'exists':
        return a => {
          const items = list(target(a));
          for (let i = 0; i < items.length; i++) {
            cell.value = items[i];
            if (bool(step(a))) return true;
          }
          return false;
        };
      case 'all':
        return a => {
          const items = list(target(a));
          for (let i = 0; i < items.length; i++) {
            cell.value = items[i];
            if (!bool(step(a))) return false;
          }
          return true;
        };
      case 'exists_one':
        return a => {
          const items = list(target(a));
          let count = 0;
          for (let i = 0; i < items.length; i++) {
            cell.value = items[i];
            if (bool(step(a))) count++;
          }
          return count === 1;
        };
      case 'filter':
        return a => {
          const items = list(target(a));
          const out: unknown[] = [];
          for (let i = 0; i < items.length; i++) {
            cell.value = items[i];
            if (bool(step(a))) out.push(items[i]);
          }
          return out;
        };
      default:
        return a => {
          const items = list(target(a));
          const out: unknown[] = [];
          for (let i = 0; i < items.length; i++) {
            cell.value = items[i];
            if (!filter || bool(filter(a))) out.push(step(a));
          }
          return out;
        };
    }
  }
}

/** The declared type of a top-level variable, as far as the fast path tells them apart. */
export type FastVariableType = 'map' | 'dyn';

/**
 * Compiles a parsed expression's AST into a fast path; undefined when it uses anything outside
 * the fast subset. `variables` are the activation's top-level names with their declared types:
 * cel-js rejects an activation whose `map` variable holds something else, so the fast path
 * leaves such an activation to cel-js too.
 */
export function compileFastExpression(
  ast: unknown,
  variables: Record<string, FastVariableType>,
): FastExpression | undefined {
  const names = Object.keys(variables);
  const body = new ClosureCompiler(new Set(names)).compile(ast);
  if (!body) return undefined;
  const maps = names.filter(n => variables[n] === 'map');
  return activation => {
    if ((activation as { [ALL_PLAIN_MAPS]?: true })[ALL_PLAIN_MAPS] !== true) {
      for (let i = 0; i < maps.length; i++) {
        if (!isPlainMap(activation[maps[i]])) bail();
      }
    }
    return body(activation);
  };
}

/**
 * Marks an activation whose variables are all plain maps, once per decision, so that the fast
 * path of each rule need not check them again. An activation changed after marking must not
 * be evaluated (activations are built per decision and never changed).
 */
export function markPlainMaps<A extends Record<string, unknown>>(
  activation: A,
): A {
  for (const name in activation) {
    if (!isPlainMap(activation[name])) return activation;
  }
  (activation as { [ALL_PLAIN_MAPS]?: true })[ALL_PLAIN_MAPS] = true;
  return activation;
}

/**
 * The fast path where it can answer, cel-js where it cannot. Anything the fast path throws
 * (its {@link BAIL}, or an unforeseen JavaScript error) sends the expression to cel-js.
 */
export function withFastPath<A extends Record<string, unknown>>(
  fast: FastExpression | undefined,
  slow: (activation: A) => unknown,
): (activation: A) => unknown {
  if (!fast) return slow;
  return activation => {
    try {
      return fast(activation);
    } catch {
      return slow(activation);
    }
  };
}
