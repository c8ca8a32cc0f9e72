/**
 * Exchange statistics (issue 3 "Evidence and statistics"): documents sent and received per agency,
 * level, day and month; the share signed; the share acknowledged (status 01 or 03) the same working day;
 * median times to acknowledge and to complete (06). Computed by one SQL statement over the requested range
 * (indexed by creation time); the monitoring issue will add incremental read models on top.
 */
import type { Clock } from '../../platform/index.ts';
import { addWorkingDays, isWorkingDay } from '../../standards/calendar/index.ts';
import { axisApiErrors } from '../domain/api-errors.ts';

export type StatsPeriod = 'day' | 'month';
export type StatsGrouping = 'agency' | 'level' | 'none';

export interface StatisticsQuery {
  readonly period: StatsPeriod;
  readonly groupBy: StatsGrouping;
  /** First and last civil day (yyyy-MM-dd, Vietnam time), inclusive. */
  readonly fromDay: string;
  readonly toDay: string;
  readonly agency?: string | undefined;
  /** For each civil day of the range, the working day by whose end an acknowledgement counts as same-day. */
  readonly dueDays: ReadonlyMap<string, string>;
}

export interface StatisticsRow {
  readonly period: string;
  readonly agencyCode: string | null;
  readonly level: number | null;
  readonly sent: number;
  readonly received: number;
  /** Share of edoc packages sent with a signature (of those whose signature was verified on ingest). */
  readonly signedShare: number | null;
  /** Share signed with a signature found valid (under TRUST_DIR, or integrity only when unset). */
  readonly signedValidShare: number | null;
  readonly acknowledgedSameWorkingDayShare: number | null;
  readonly medianSecondsToAcknowledge: number | null;
  readonly medianSecondsToComplete: number | null;
}

export interface StatisticsStore {
  /** `signatureKnown` tells whether any package in range carries a signature verdict yet. */
  compute(query: StatisticsQuery): Promise<{ rows: StatisticsRow[]; signatureKnown: boolean }>;
}

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

function civilDay(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export async function getStatistics(
  deps: { statistics: StatisticsStore; clock: Clock },
  input: { period?: StatsPeriod; groupBy?: StatsGrouping; from?: string; to?: string; agency?: string },
): Promise<{ rows: StatisticsRow[]; notes: string[] }> {
  const today = civilDay(deps.clock.now());
  const toDay = input.to ?? today;
  const fromDay = input.from ?? civilDay(new Date(Date.parse(`${toDay}T00:00:00Z`) - 29 * DAY_MS));
  const start = Date.parse(`${fromDay}T00:00:00Z`);
  const end = Date.parse(`${toDay}T00:00:00Z`);
  if (
    !Number.isFinite(start) ||
    !Number.isFinite(end) ||
    end < start ||
    (end - start) / DAY_MS >= MAX_RANGE_DAYS
  ) {
    throw axisApiErrors.error('axis.stats_range_invalid', {
      from: fromDay,
      to: toDay,
      maxDays: MAX_RANGE_DAYS,
    });
  }
  // Decree 30/2020 Art. 20–21: an incoming document is received and registered on the day it arrives;
  // one that arrives on a day off counts from the next working day (calendar from src/standards).
  const dueDays = new Map<string, string>();
  for (let t = start; t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    dueDays.set(day, isWorkingDay(day) ? day : addWorkingDays(day, 1));
  }
  const { rows, signatureKnown } = await deps.statistics.compute({
    period: input.period ?? 'day',
    groupBy: input.groupBy ?? 'agency',
    fromDay,
    toDay,
    agency: input.agency,
    dueDays,
  });
  const notes = [
    'sent: edoc packages by From/OrganId; received: edoc deliveries by final recipient; days in Asia/Ho_Chi_Minh.',
    'acknowledgedSameWorkingDayShare: first status 01 or 03 by the end of the working day of arrival (next working day if it arrived on a day off).',
  ];
  if (!signatureKnown) {
    notes.push(
      'signedShare and signedValidShare are null: no package in the range had its signature verified on ingest.',
    );
  }
  return { rows, notes };
}
