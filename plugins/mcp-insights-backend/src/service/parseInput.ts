import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Parses with zod and turns problems into an InputError that names each field. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || 'value'} ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
