import type { IMiddlewareFunction } from 'graphql-middleware';
import { accessOf } from './access';
import type { Disclosures } from './accessLog';
import type { Caller } from './caller';
import { mayUnmask } from './classRules';
import { maskAddress, maskCreditCode, maskName, maskPhone, maskResidentId } from './identifiers';
import type { FieldClass, MaskKind } from './policy';

const MASKS: Record<MaskKind, (v: string) => string> = {
  NAME: maskName,
  ID_NUMBER: maskResidentId,
  CREDIT_CODE: maskCreditCode,
  PHONE: maskPhone,
  ADDRESS: maskAddress,
  REDACT: () => '***',
};

function applyMask(kind: MaskKind, value: unknown): unknown {
  if (typeof value === 'string' && value) return MASKS[kind](value);
  if (Array.isArray(value)) return value.map((v) => applyMask(kind, v));
  return value;
}

/**
 * Runs after the policy allowed a C2+ field: records the read for the access log and masks C3
 * values unless the caller may see them in clear. Rows without case scope are not recorded.
 */
export function disclosureMiddleware(fields: FieldClass[]) {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const f of fields) {
    if (f.sensitivity === 'C0' || f.sensitivity === 'C1') continue;
    const path = `${f.type}.${f.field}`;
    const mask = f.mask;
    const disclose = (value: unknown, parent: unknown, ctx: { caller: Caller; disclosures: Disclosures }) => {
      const access = accessOf(parent);
      if (!access || value == null) return value;
      const clear = !mask || mayUnmask(ctx.caller, parent);
      ctx.disclosures.record(access.caseId, path, clear && mask !== null);
      return clear ? value : applyMask(mask, value);
    };
    // Stays synchronous when the resolver is: a promise per field is what makes wrappers costly.
    const middleware = (resolve: (...a: unknown[]) => unknown, parent: unknown, args: unknown, ctx: never, info: unknown) => {
      const value = resolve(parent, args, ctx, info);
      return value instanceof Promise ? value.then((v) => disclose(v, parent, ctx)) : disclose(value, parent, ctx);
    };
    (map[f.type] ??= {})[f.field] = middleware as unknown as IMiddlewareFunction;
  }
  return map;
}
