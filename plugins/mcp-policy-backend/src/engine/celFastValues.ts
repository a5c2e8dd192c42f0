// CEL's values as the fast path (celClosures.ts) handles them: each operation returns cel-js'
// own answer for plain same-type operands, and throws BAIL in every other case.

/** What the fast path throws when only cel-js can answer. */
export const BAIL: unique symbol = Symbol('cel-fast-path-bail');

export const MAX_INT = 9223372036854775807n;
export const MIN_INT = -9223372036854775808n;

export function bail(): never {
  throw BAIL;
}

/** A map as cel-js sees one: a plain object (not a list, null, or a class instance). */
export function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const c = (value as object).constructor;
  return c === Object || c === undefined;
}

export function field(value: unknown, key: string): unknown {
  if (isPlainMap(value) && Object.hasOwn(value, key)) {
    const v = value[key];
    if (v !== undefined) return v;
  }
  return bail();
}

export function checkedInt(value: bigint): bigint {
  return value > MAX_INT || value < MIN_INT ? bail() : value;
}

export function isScalar(t: string): boolean {
  return t === 'string' || t === 'bigint' || t === 'number' || t === 'boolean';
}

/** CEL equality where it is plain: same scalar type, or null on either side. */
export function equals(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  if (ta === typeof b && isScalar(ta)) return a === b;
  if (a === null || b === null) {
    if ((a === null || isScalar(ta)) && (b === null || isScalar(typeof b)))
      return a === b;
  }
  return bail();
}

/**
 * Membership of a scalar in a list, with CEL's equality: same type and value, or an int and a
 * double of the same value; an element of any other type is not equal.
 */
export function inList(value: unknown, items: unknown[]): boolean {
  const t = typeof value;
  if (!isScalar(t)) return bail();
  for (let i = 0; i < items.length; i++) {
    const el = items[i];
    if (el === value) return true;
    const te = typeof el;
    // eslint-disable-next-line eqeqeq
    if (t === 'bigint' && te === 'number' && value == el) return true;
    // eslint-disable-next-line eqeqeq
    if (t === 'number' && te === 'bigint' && value == el) return true;
  }
  return false;
}

/** An ordering of two values of the same type: ints, doubles or strings (else cel-js decides). */
export function comparison(
  compare: (x: any, y: any) => boolean,
): (a: unknown, b: unknown) => boolean {
  return (a, b) => {
    const t = typeof a;
    return t === typeof b &&
      (t === 'bigint' || t === 'number' || t === 'string')
      ? compare(a, b)
      : bail();
  };
}

export function membership(value: unknown, container: unknown): boolean {
  if (Array.isArray(container)) return inList(value, container);
  if (isPlainMap(container) && typeof value === 'string') {
    return Object.hasOwn(container, value)
      ? container[value] !== undefined
      : false;
  }
  return bail();
}

export function arithmetic(op: string, a: unknown, b: unknown): unknown {
  const t = typeof a;
  if (t !== typeof b) return bail();
  if (t === 'bigint') {
    const x = a as bigint;
    const y = b as bigint;
    switch (op) {
      case '+':
        return checkedInt(x + y);
      case '-':
        return checkedInt(x - y);
      case '*':
        return checkedInt(x * y);
      case '/':
        return y === 0n ? bail() : x / y;
      case '%':
        return y === 0n ? bail() : x % y;
      default:
        return bail();
    }
  }
  if (t === 'number') {
    const x = a as number;
    const y = b as number;
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      default:
        return bail();
    }
  }
  if (t === 'string' && op === '+') return (a as string) + (b as string);
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return bail();
}

/** The binary operators of the fast path, by their name in cel-js' AST. */
export const BINARY_OPERATORS: Record<
  string,
  (a: unknown, b: unknown) => unknown
> = {
  '==': equals,
  '!=': (a, b) => !equals(a, b),
  '<': comparison((a, b) => a < b),
  '<=': comparison((a, b) => a <= b),
  '>': comparison((a, b) => a > b),
  '>=': comparison((a, b) => a >= b),
  '+': (a, b) => arithmetic('+', a, b),
  '-': (a, b) => arithmetic('-', a, b),
  '*': (a, b) => arithmetic('*', a, b),
  '/': (a, b) => arithmetic('/', a, b),
  '%': (a, b) => arithmetic('%', a, b),
  in: membership,
};

export function toCelString(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
    case 'boolean':
      return `${v}`;
    case 'number':
      if (v === Infinity) return '+Inf';
      if (v === -Infinity) return '-Inf';
      return `${v}`;
    default:
      return bail();
  }
}

export function toCelInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    return BigInt(Math.trunc(v));
  }
  return bail();
}

export function toCelDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return bail();
}

export function size(v: unknown): bigint {
  if (Array.isArray(v)) return BigInt(v.length);
  if (isPlainMap(v)) return BigInt(Object.keys(v).length);
  return bail();
}

export function bool(v: unknown): boolean {
  return typeof v === 'boolean' ? v : bail();
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : bail();
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : bail();
}
