import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkLimits, DEFAULT_LIMITS, measureOperation, tokenLimitError } from '../gateway/limits';
import { createRateLimiter } from '../gateway/rateLimit';

const schema = buildSchema(/* GraphQL */ `
  type Query { cases(first: Int = 20, after: String): CaseConnection  case(id: ID!): Case  agencies(first: Int): [Agency!]! }
  type CaseConnection { nodes: [Case!]! pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! }
  type Case { id: ID! number: String parties: [Party!] agency: Agency }
  type Party { name: String }
  type Agency { id: ID! name: String cases(first: Int): CaseConnection }
`);

function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return measureOperation(schema, document, operation, variables);
}

describe('measuring an operation', () => {
  it('depth counts field nesting from the root, through fragments', () => {
    expect(measure('{ case(id: 1) { id } }').depth).toBe(2);
    expect(measure('{ case(id: 1) { ...C } } fragment C on Case { agency { cases { nodes { id } } } }').depth).toBe(5);
  });

  it('introspection does not count toward depth or cost', () => {
    const m = measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }');
    expect(m.depth).toBe(0);
    expect(m.cost).toBe(0);
  });

  it('aliases are counted everywhere, root fields at the root only (__typename excluded)', () => {
    const m = measure('{ a: case(id: 1) { x: id y: number } b: case(id: 2) { id } __typename }');
    expect(m.aliases).toBe(4);
    expect(m.rootFields).toBe(2);
  });

  it('cost multiplies by first (literal or variable), the schema default, or 20', () => {
    // cases(first: 5): 1 + 5 * (nodes: 1 + 1 * (id 1 + number 1)) = 1 + 5 * 3
    expect(measure('{ cases(first: 5) { nodes { id number } } }').cost).toBe(16);
    expect(measure('query($n: Int) { cases(first: $n) { nodes { id number } } }', { n: 50 }).cost).toBe(1 + 50 * 3);
    // absent: the schema's default (20); a first without default in the schema: 20
    expect(measure('{ cases { nodes { id } } }').cost).toBe(1 + 20 * 2);
    expect(measure('{ agencies { id } }').cost).toBe(1 + 20 * 1);
    // a list without first under a page: 20 per item
    expect(measure('{ cases(first: 10) { nodes { parties { name } } } }').cost).toBe(1 + 10 * (1 + 1 * (1 + 20 * 1)));
  });

  it('nested pages multiply', () => {
    const m = measure('{ cases(first: 100) { nodes { agency { cases(first: 100) { nodes { id } } } } } }');
    expect(m.cost).toBe(1 + 100 * (1 + (1 + (1 + 100 * (1 + 1)))));
  });
});

describe('checking limits', () => {
  it('names the limit and both values', () => {
    const err = checkLimits({ depth: 14, aliases: 0, rootFields: 1, cost: 1 }, DEFAULT_LIMITS);
    expect(err?.message).toBe('query depth 14 exceeds the limit of 10');
    expect(err?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxDepth', value: 14, max: 10 });
    expect(checkLimits({ depth: 3, aliases: 31, rootFields: 1, cost: 1 }, DEFAULT_LIMITS)?.message).toBe('aliases 31 exceeds the limit of 30');
    expect(checkLimits({ depth: 3, aliases: 0, rootFields: 11, cost: 1 }, DEFAULT_LIMITS)?.message).toBe('root fields 11 exceeds the limit of 10');
    expect(checkLimits({ depth: 3, aliases: 0, rootFields: 1, cost: 20_001 }, DEFAULT_LIMITS)?.message).toBe('estimated cost 20001 exceeds the limit of 20000');
    expect(checkLimits({ depth: 10, aliases: 30, rootFields: 10, cost: 20_000 }, DEFAULT_LIMITS)).toBeNull();
  });

  it("turns graphql-js's token limit into BAD_USER_INPUT", () => {
    const e = tokenLimitError({ message: 'Syntax Error: Document contains more that 3000 tokens. Parsing aborted.' });
    expect(e).toEqual({ message: 'query tokens exceed the limit of 3000 (parsing stopped at token 3001)', extensions: { code: 'BAD_USER_INPUT', limit: 'maxTokens', max: 3000 } });
    expect(tokenLimitError({ message: 'Syntax Error: Unexpected Name "x".' })).toBeNull();
  });
});

describe('rate limit: a token bucket per caller', () => {
  it('allows a burst, then refuses with RATE_LIMITED and Retry-After until tokens refill', () => {
    let t = 0;
    const limiter = createRateLimiter({ perSecond: 2, burst: 3, now: () => t });
    for (let i = 0; i < 3; i++) limiter.take('of-1');
    let err: any;
    try {
      limiter.take('of-1');
    } catch (e) {
      err = e;
    }
    expect(err.extensions.code).toBe('RATE_LIMITED');
    expect(err.extensions.http.status).toBe(429);
    expect(err.extensions.http.headers.get('retry-after')).toBe('1');
    expect(err.message).toMatch(/rate limit of 2 operations per second \(burst 3\)/);
    // another caller has a bucket of their own
    expect(() => limiter.take('of-2')).not.toThrow();
    t = 500; // half a second: one token back
    expect(() => limiter.take('of-1')).not.toThrow();
    expect(() => limiter.take('of-1')).toThrow(/retry in 1 s/);
  });

  it('charges a batch one token per operation, and 0 per second turns it off', () => {
    const limiter = createRateLimiter({ perSecond: 1, burst: 5, now: () => 0 });
    expect(() => limiter.take('of-1', 6)).toThrow(/rate limit/);
    expect(() => limiter.take('of-1', 5)).not.toThrow();
    const off = createRateLimiter({ perSecond: 0, burst: 1 });
    for (let i = 0; i < 100; i++) off.take('of-1');
    expect(off.size).toBe(0);
  });
});
