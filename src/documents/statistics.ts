/**
 * The figures the report and the notice print come from one pure module,
 * `domain/statistics.ts`, which the statistics screen shows too: one source
 * of numbers. Re-exported here for the builders.
 */
export {
  conferenceStatistics,
  countByBridgePoint,
  countByField,
  followUpFigures,
  opinionsOf,
  type BridgePointCount,
  type ConferenceStatistics,
  type FieldCount,
  type FollowUpFigures,
} from '../domain/statistics.ts';
