import { pgEnum } from 'drizzle-orm/pg-core';
import { CASE_STATUSES, PARTY_KINDS, SECTORS } from '../../../schema/vocabulary';
import { STAGE_NAMES } from '../workflow/stages';
import { ACTIONS } from '../workflow/transitions';
import { CLOCK_NAMES } from '../deadlines/clocks';

/** The cases subgraph's enum types (a module of their own so the warnings' tables can use them too). */
export const caseStatus = pgEnum('case_status', CASE_STATUSES);
export const caseSector = pgEnum('case_sector', SECTORS);
export const partyKind = pgEnum('party_kind', PARTY_KINDS);
export const caseStage = pgEnum('case_stage', STAGE_NAMES);
export const workflowAction = pgEnum('workflow_action', ACTIONS);
export const deadlineClock = pgEnum('deadline_clock', CLOCK_NAMES);
export const deadlineOutcome = pgEnum('deadline_outcome', ['MET', 'SUPERSEDED']);
