import type { Stage } from '../workflow/stages';

/**
 * The milestones statistics count (transferred, filed, not filed, reconsidered, reverse linkage):
 * the first time a case entered a stage, kept on the case row by the workflow (workflow/run.ts) so
 * that statistics over a million cases read one narrow table instead of the timeline. A milestone
 * is set once and never moved: a case filed after a reconsideration keeps the time of its first
 * non-filing and gains a filing time.
 */
export const MILESTONES = {
  TRANSFERRED: 'transferredAt',
  FILED: 'filedAt',
  NOT_FILED: 'notFiledAt',
  RECONSIDERATION_REQUESTED: 'reconsiderationRequestedAt',
  /** The procuratorate decided not to prosecute: the case starts back on reverse linkage. */
  NOT_PROSECUTED: 'notProsecutedAt',
} as const satisfies Partial<Record<Stage, string>>;

export type Milestone = (typeof MILESTONES)[keyof typeof MILESTONES];

/** The milestone a step reaches by entering `toStage`, if any (a step that keeps its stage reaches none). */
export function milestoneOf(fromStage: Stage | null, toStage: Stage): Milestone | null {
  if (fromStage === toStage) return null;
  return (MILESTONES as Partial<Record<Stage, Milestone>>)[toStage] ?? null;
}

/** The milestones of a whole timeline, oldest event first (seeding writes cases with their history). */
export function milestonesOf(events: readonly { fromStage: Stage | null; toStage: Stage; at: Date }[]): Partial<Record<Milestone, Date>> {
  const out: Partial<Record<Milestone, Date>> = {};
  for (const e of events) {
    const m = milestoneOf(e.fromStage, e.toStage);
    if (m && !out[m]) out[m] = e.at;
  }
  return out;
}
