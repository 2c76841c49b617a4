import type { z } from 'zod';
import { badInput } from './errors';

/**
 * Validates a mutation input with zod; the first problem becomes a BAD_USER_INPUT whose
 * message and `field` extension name the offending path (e.g. `input.parties.0.idNumber`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [root, ...issue.path.map(String)].join('.');
  return (() => {
    throw badInput(path, issue.message);
  })();
}
