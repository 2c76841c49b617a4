/**
 * The kit's public entry point: everything a subgraph of its own needs, ours or an agency's
 * (README, "Publish your subgraph"). Re-exports only; an agency's subgraph imports from here and
 * from nowhere else in this repository, so the kit can be packaged without reaching into its files.
 */
export {
  createSubgraph,
  subgraphDocument,
  type CreateSubgraphOptions,
  type RunningSubgraph,
  type SubgraphContext,
  type SubgraphDefinition,
} from './createSubgraph';
/** The resolver map type `createSubgraph` takes (from @apollo/subgraph, which has no public export of it). */
export type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
export { loadSubgraphConfig, readEnv, portOf, type SubgraphConfig } from './config';
export { openDatabase, subgraphDatabaseUrl, type Database, type StorageMode } from './db';
export { type ServiceGrants } from './grants';
export {
  accessOf,
  inheritAccess,
  isStatisticsOnly,
  relationsTo,
  visibleRowsSql,
  withAccess,
  RELATIONS,
  type CaseScope,
  type Relation,
  type RowAccess,
  type WithAccess,
} from './access';
export { accessLog, accessLogChain, accessLogHeads, accessLogRow, appendAccessLog, listAccessRecords, APPEND_ONLY_TRIGGER_SQL, type AccessLogRow, type Disclosure } from './accessLog';
export { CLASS_RELATIONS, mayRead, mayUnmask, purposeFitsRole, standardClassRules } from './classRules';
export { POLICY_SDL, MASK_KINDS, readSensitivity, type ClassRules, type FieldClass, type MaskKind } from './policy';
export { ASSERTION_HEADER, type Caller, type KeySource } from './caller';
export { systemClock, ManualClock, type Clock } from './clock';
export { appError, badInput, conflict, forbidden, notFound, unauthenticated, ERROR_CODES, type ErrorCode } from './errors';
export { byKey, groupByKey } from './batch';
export { cursorInt, cursorTime, decodeCursor, encodeCursor, pageSize, toPage, MAX_PAGE_SIZE, type Page } from './pagination';
export { DateTime, Decimal, SafeInt, formatDecimal } from './scalars';
export { accessRecordResolvers, agencyRef, caseRef, officerRef } from './entityRefs';
export { divisionScopePrefix, isValidDivisionCode, isValidCreditCode, isValidResidentId } from './identifiers';
export { parseInput } from './validation';
export { createSubgraphMetrics, type SubgraphMetrics } from './metrics';
export { loadMetricsAccess, serveMetrics, type MetricsAccess } from './metricsRoute';
export { verifySignedStatement } from './signedStatement';
export { keySetFrom, localKeySet, remoteKeySet, verifyJws, JwsNotVerified, type KeySet } from './jws';
