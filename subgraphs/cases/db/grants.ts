import type { ServiceGrants } from '../../kit/grants';

/**
 * The UPDATEs the cases service makes (kit/grants.ts; the kit adds `access_log_heads`). Not named,
 * so SELECT and INSERT only: the timelines (`case_events`, `warning_events`), notices and their
 * outcomes, statistics releases. Nothing is ever deleted.
 */
export const casesServiceGrants: ServiceGrants = {
  update: {
    cases: 'all', // the workflow keeps a case's stage, status and units in step with its timeline
    case_deadlines: 'all', // clocks close, pause and resume
    // Kept by the statement triggers on case_deadlines (migration 0023), which run with the service's rights.
    clock_duration_summary: 'all',
    case_number_counters: 'all', // the next case number (INSERT … ON CONFLICT DO UPDATE)
    warnings: 'all', // a warning's step, level and chain head
    statistics_budget_days: 'all', // the privacy budget spent
    register_proposals: 'all', // answered proposals
    penalty_register: 'all', // the case proposed from it; re-encryption
    parties: 'all', // re-encryption of personal data (personalData.ts)
    // Append-only but for re-encryption (migration 0020): the encrypted columns only.
    penalties: ['party_name', 'party_id_number', 'party_credit_code', 'party_id_number_mac', 'party_credit_code_mac'],
    case_informants: ['name', 'id_number', 'phone', 'address'],
    case_event_sealed: ['sealed'],
    data_keys: ['retired_at'], // a rotated data key is retired, never deleted
  },
};
