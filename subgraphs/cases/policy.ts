import type { ClassRules } from '../kit/policy';
import { verifiedCaller } from '../kit/createSubgraph';

/** Until the access policy lands, every class needs a verified caller. */
export const classRules: ClassRules = {
  C0: verifiedCaller,
  C1: verifiedCaller,
  C2: verifiedCaller,
  C3: verifiedCaller,
  C4: verifiedCaller,
};
