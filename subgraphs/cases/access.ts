import type { Caller } from '../kit/caller';
import { visibleRowsSql, withAccess } from '../kit/access';
import { cases } from './db/schema';
import type { CaseRow } from './loaders';

/** Cases the caller has a relation to: the row filter every case query applies. */
export const visibleCases = (caller: Caller) => visibleRowsSql(caller, cases);

/** Attaches the caller's relations to a loaded case, for the field rules. */
export const annotateCase = (caller: Caller, row: CaseRow) =>
  withAccess(row, caller, { caseId: row.id, handlingAgencyId: row.handlingAgencyId, receivingAgencyId: row.receivingAgencyId, divisionCode: row.divisionCode });
