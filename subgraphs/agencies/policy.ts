import type { ClassRules } from '../kit/policy';
import { verifiedCaller } from '../kit/createSubgraph';

/** Agency and officer records are flow metadata: any verified caller may read them. */
export const classRules: ClassRules = {
  C0: verifiedCaller,
  C1: verifiedCaller,
  C2: verifiedCaller,
  C3: verifiedCaller,
  C4: verifiedCaller,
};
