import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ApolloServerErrorCode, ApolloServerValidationErrorCode } from '@apollo/server/errors';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../schema/errorsDoc';
import { ERROR_REGISTRY, type RegisteredError } from '../subgraphs/kit/errors';

/*
 * One registry of every `extensions.code` the graph returns (issue 18 item 4): the sources may
 * emit no code it does not list, Apollo's request-level codes are listed or shown not to occur,
 * and docs/errors.md is what the registry generates.
 */
const ROOT = resolve(import.meta.dirname, '..');
const SCANNED = ['gateway', 'subgraphs', 'templates', 'schema'];

/** Codes in the sources that are not GraphQL error codes, and why they may stay unregistered. */
const NOT_GRAPHQL_CODES: Record<string, string> = {
  ETIMEDOUT: 'a Node socket error code gateway/files.ts sets on its own timeout to tell it apart; never sent',
};

/** Apollo's codes this graph never returns, and why. */
const APOLLO_CODES_NOT_RETURNED: Record<string, string> = {
  PERSISTED_QUERY_NOT_SUPPORTED: 'persisted queries are on: the gateway resolves them from its operation manifest',
  INTROSPECTION_DISABLED: 'introspection is on in Apollo; the gateway gates it by role with FORBIDDEN',
  MAX_RECURSIVE_SELECTIONS_EXCEEDED: 'maxRecursiveSelections is not configured; the operation limits (BAD_USER_INPUT) bound documents',
};

/** Where a source emits a code: helpers that take one, and `code: '…'` in an extensions object. */
const EMITTERS = [
  /\b(?:appError|refusal)\(\s*'([A-Z][A-Z_]*)'/g,
  /\b(?:sendJsonError|sendGraphQLError)\([^,]+,\s*\d+,\s*'([A-Z][A-Z_]*)'/g,
  /\bcode:\s*'([A-Z][A-Z_]*)'/g,
  /\bApolloServerErrorCode\.([A-Z_]+)/g,
  /\bERRORS\.([A-Z_]+)\.err\(/g,
];

function emittedCodes(source: string): string[] {
  return EMITTERS.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'migrations') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tmpl)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('error-code registry', () => {
  it('the scan finds codes where they are emitted, and would flag one not registered', () => {
    expect(emittedCodes(`throw appError('CONFLICT', 'x'); sendJsonError(res, 404, 'NOT_FOUND', 'no'); return { extensions: { code: 'TEAPOT' } };`)).toEqual([
      'CONFLICT',
      'NOT_FOUND',
      'TEAPOT',
    ]);
    expect(emittedCodes(`if (err.code === 'ETIMEDOUT') retry();`)).toEqual([]);
  });

  it('every code the sources emit is registered', () => {
    const found = new Map<string, string[]>();
    for (const dir of SCANNED) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        for (const code of emittedCodes(readFileSync(file, 'utf8'))) found.set(code, [...(found.get(code) ?? []), relative(ROOT, file)]);
      }
    }
    // The scan sees the usual suspects (it is not silently scanning nothing).
    for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED', 'BAD_REQUEST', 'SUBGRAPH_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'PERSISTED_QUERY_NOT_IN_LIST', 'OPERATION_RESOLUTION_FAILURE']) {
      expect(found.has(code), code).toBe(true);
    }
    const unregistered = [...found].filter(([code]) => !(code in ERROR_REGISTRY) && !(code in NOT_GRAPHQL_CODES)).map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`);
    expect(unregistered, 'add these to ERROR_REGISTRY in subgraphs/kit/errors.ts, then `npm run errors:doc`').toEqual([]);
  });

  it("Apollo's request-level codes are registered, or shown not to occur", () => {
    const apollo = [...Object.values(ApolloServerErrorCode), ...Object.values(ApolloServerValidationErrorCode)] as string[];
    const missing = apollo.filter((c) => !(c in ERROR_REGISTRY) && !(c in APOLLO_CODES_NOT_RETURNED));
    expect(missing).toEqual([]);
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']) {
      expect(ERROR_REGISTRY, code).toHaveProperty(code);
    }
    for (const code of Object.keys(APOLLO_CODES_NOT_RETURNED)) expect(ERROR_REGISTRY).not.toHaveProperty(code);
  });

  it('each entry says what it means and when, with an HTTP status and an example', () => {
    for (const [code, e] of Object.entries(ERROR_REGISTRY as Record<string, RegisteredError>)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect([200, 400, 401, 403, 404, 409, 429, 500, 503], code).toContain(e.status);
      expect(e.meaning.length, code).toBeGreaterThan(20);
      expect(e.when.length, code).toBeGreaterThan(10);
      expect(e.example.message, code).not.toBe('');
      expect(e.example.extensions ?? {}, code).not.toHaveProperty('code');
    }
  });

  it('docs/errors.md is generated from the registry (run `npm run errors:doc` if this fails)', () => {
    const doc = readFileSync(join(ROOT, ERRORS_DOC_PATH), 'utf8');
    expect(doc).toBe(renderErrorsDoc());
    for (const code of Object.keys(ERROR_REGISTRY)) expect(doc).toContain(`## ${code}\n`);
    expect(doc).toContain('"code": "NOT_FOUND"');
  });
});
