import { z } from 'zod';
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

/**
 * A client-chosen idempotency key (a UUID is a good one), as the workflow's steps take it: resending
 * a request with the same key returns the first result instead of doing it again.
 */
export const idempotencyKey = z
  .string()
  .trim()
  .min(8, 'must be at least 8 characters (a UUID is a good key)')
  .max(200, 'must be at most 200 characters');
