import type { Clock } from '../../kit/clock';
import type { Database } from '../../kit/db';
import type { WarningsConfig } from './config';
import type { Deadlines } from '../config';
import { evaluateCases, type EvaluationCounts } from './store';
import { sweepWarnings, type SweepReport } from './sweep';

/**
 * Where the rules engine meets the workflow. `afterStep` runs inside the transaction of a
 * workflow step, after its plan is written and while the case row is still locked: a step that
 * cures a cause resolves its warning at once, and one that breaks a rule raises it at once, in the
 * same commit (or neither, if the step rolls back). `seedWarnings` runs the sweep once at demo seed
 * time, with the seeding clock, so the board is not empty on first start.
 */
export function afterStep(tx: Database<Record<string, unknown>>, caseId: string, now: Date, config: WarningsConfig): Promise<EvaluationCounts> {
  return evaluateCases(tx, [caseId], now, config);
}

export function seedWarnings(db: Database<Record<string, unknown>>, clock: Clock, config: WarningsConfig, deadlines?: Deadlines): Promise<SweepReport> {
  return sweepWarnings(db, { clock, config, deadlines });
}
