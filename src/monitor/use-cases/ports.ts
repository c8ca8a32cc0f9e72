/**
 * What the monitor's use cases read. storage/read-model-store.ts implements it on the read models
 * (schema `monitor`) and on the axis registry (agency names and levels).
 */
import type { DayCounters } from '../domain/project-events.ts';
import type { LatencyMetric } from '../domain/latency-histogram.ts';

/** A period as Vietnam civil dates, both ends included. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

export interface Scope {
  readonly period: Period;
  readonly level?: number | undefined;
  /** An agency and, with `includeChildren`, every agency whose parent chain reaches it. */
  readonly agency?: string | undefined;
}

export interface AgencyInfo {
  readonly code: string;
  readonly name: string;
  readonly level: number;
  readonly parentCode: string | null;
}

export interface AgencyRow extends AgencyInfo {
  readonly counters: DayCounters;
  readonly lastSeenAt: Date | null;
}

export interface DocumentRow {
  readonly docId: string;
  readonly fromCode: string;
  readonly toCode: string;
  readonly sentAt: Date;
  readonly dueAt: Date | null;
  readonly signed: boolean;
  readonly paper: boolean;
  readonly progress: string | null;
  readonly ackedAt: Date | null;
  readonly completedAt: Date | null;
  readonly effect: string | null;
}

export interface MonitorReadStore {
  totals(scope: Scope): Promise<DayCounters>;
  series(scope: Scope, granularity: 'day' | 'month'): Promise<{ period: string; counters: DayCounters }[]>;
  byLevel(period: Period): Promise<{ level: number; counters: DayCounters }[]>;
  byAgency(scope: Scope): Promise<AgencyRow[]>;
  latency(scope: Scope, metric: LatencyMetric): Promise<number[]>;
  registry(): Promise<{
    total: number;
    connected: number;
    byLevel: { level: number; total: number; connected: number }[];
  }>;
  overdueOpen(scope: Scope, now: Date): Promise<number>;
  documents(query: {
    agency: string;
    role: 'sent' | 'received';
    period: Period;
    limit: number;
    offset: number;
  }): Promise<{ total: number; rows: DocumentRow[] }>;
  agency(code: string): Promise<AgencyInfo | undefined>;
  checkpoint(): Promise<{ seq: number; updatedAt: Date | null; evidenceHead: number }>;
}
