import { runStep } from '../../workflow/run';
import { TABLE_ACTIONS, type TableAction } from '../../workflow/transitions';
import type { Ctx, ResolverDeps } from '../context';

type StepArgs = { caseId: string; idempotencyKey: string; input?: unknown };

/**
 * One mutation per verb of the transition table, all through the same runner: the table, not a
 * resolver, decides who may do what from which stage (workflow/transitions.ts).
 */
export function workflowMutations(deps: ResolverDeps): Record<TableAction, (root: unknown, args: StepArgs, ctx: Ctx) => Promise<unknown>> {
  return Object.fromEntries(
    TABLE_ACTIONS.map((action) => [
      action,
      (_: unknown, args: StepArgs, { caller, db, clock }: Ctx) => runStep({ caller, db, clock, ...deps }, action, args),
    ]),
  ) as Record<TableAction, (root: unknown, args: StepArgs, ctx: Ctx) => Promise<unknown>>;
}
