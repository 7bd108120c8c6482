import type { Priority } from '../../db/schema';
import { addWorkingMinutes, type BusinessCalendar } from '../../shared/working-time';
import { type ReferenceData, serviceTargetFor } from './reference-data';

// Fallback when no service target row matches (working minutes): the demo data and installs
// normally configure their own in service_targets.
const fallback: Record<Priority, { firstResponse: number; resolution: number }> = {
  critical: { firstResponse: 60, resolution: 4 * 60 },
  high: { firstResponse: 2 * 60, resolution: 2 * 8 * 60 },
  normal: { firstResponse: 8 * 60, resolution: 5 * 8 * 60 },
  low: { firstResponse: 2 * 8 * 60, resolution: 10 * 8 * 60 },
};

export interface ServiceTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface DueTimes {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

/** The one function that turns a service target into due times: working minutes on the business calendar. */
export function computeDueTimes(
  createdAt: Date,
  target: ServiceTarget,
  calendar: BusinessCalendar,
): DueTimes {
  return {
    firstResponseDueAt: addWorkingMinutes(createdAt, target.firstResponseMinutes, calendar),
    resolutionDueAt: addWorkingMinutes(createdAt, target.resolutionMinutes, calendar),
  };
}

/** The target for a priority and topic from the cached reference data, or the built-in fallback. */
export function findServiceTarget(
  ref: ReferenceData,
  priority: Priority,
  topicId: number | null,
): ServiceTarget {
  const row = serviceTargetFor(ref, priority, topicId);
  if (!row)
    return {
      firstResponseMinutes: fallback[priority].firstResponse,
      resolutionMinutes: fallback[priority].resolution,
    };
  return { firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes };
}
