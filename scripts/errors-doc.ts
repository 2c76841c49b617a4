/**
 * npm run errors:doc
 *
 * Writes docs/errors.md from the error-code registry (subgraphs/kit/errors.ts). CI's
 * test/errorRegistry.test.ts fails while the committed page differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../schema/errorsDoc';

const out = resolve(import.meta.dirname, '..', ERRORS_DOC_PATH);
writeFileSync(out, renderErrorsDoc());
console.log(`wrote ${out}`);
