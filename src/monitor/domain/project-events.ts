/**
 * The projection of axis events into the monitor's read models, as a pure function: given the facts
 * already known about the documents and deliveries an event batch touches, it returns the changed
 * facts and the counter deltas to add to the aggregate tables. Applying batches one after another
 * gives the same result as applying the whole sequence at once (the property the tests check).
 */
import { isWorkingDay, nextWorkingDay, vietnamDateOf } from '../../standards/calendar/index.ts';
import { latencyBucket, type LatencyMetric } from './latency-histogram.ts';
import { isProgressCode, type Effect, type MonitorEvent, type ProgressCode } from './monitor-event.ts';

export interface DocumentFact {
  readonly docId: string;
  readonly from: string;
  readonly sentAt: Date;
  readonly signed: boolean;
  readonly signatureValid: boolean;
  readonly paper: boolean;
  readonly dueAt: Date | null;
}

export interface DeliveryFact {
  readonly docId: string;
  readonly to: string;
  readonly from: string;
  readonly sentAt: Date;
  /** Vietnam civil date the delivery was queued (the cohort day its counters belong to). */
  readonly day: string;
  readonly dueAt: Date | null;
  readonly signed: boolean;
  readonly paper: boolean;
  readonly progress: ProgressCode | null;
  readonly ackedAt: Date | null;
  readonly completedAt: Date | null;
  readonly effect: Effect | null;
}

/** Counters kept per (agency, Vietnam day). Sender-side ones count documents, receiver-side deliveries. */
export const DAY_COUNTERS = [
  'sent',
  'sentSigned',
  'sentValid',
  'sentPaperless',
  'received',
  'receivedPaperless',
  'acked',
  'ackedSameDay',
  'completed',
  'completedLate',
  'returned',
  'revoked',
  'stNone',
  'st01',
  'st02',
  'st03',
  'st04',
  'st05',
  'st06',
  'processedOnline',
  'sentDeliveries',
] as const;
export type DayCounter = (typeof DAY_COUNTERS)[number];
export type DayCounters = Record<DayCounter, number>;

export function emptyCounters(): DayCounters {
  return Object.fromEntries(DAY_COUNTERS.map((k) => [k, 0])) as DayCounters;
}

export interface ProjectionDelta {
  /** key `${agency}|${day}` */
  readonly days: Map<string, DayCounters>;
  /** key `${agency}|${month}|${metric}|${bucket}` → count */
  readonly latency: Map<string, number>;
  /**
   * key `${agency}|${dueDay}` → change in the number of deliveries with that DueDate still open (not
   * completed, not revoked): "overdue now" is the sum over due days before today, whatever the traffic.
   */
  readonly openDue: Map<string, number>;
  /** agency → first and last time it was seen acting on the axis */
  readonly activity: Map<string, { first: Date; last: Date }>;
  readonly documents: Map<string, DocumentFact>;
  /** key `${docId}|${to}`; only the facts created or changed by the batch */
  readonly deliveries: Map<string, DeliveryFact>;
  readonly lastSeq: number;
}

export interface ProjectionLookup {
  document(docId: string): DocumentFact | undefined;
  delivery(docId: string, to: string): DeliveryFact | undefined;
}

export const deliveryKey = (docId: string, to: string): string => `${docId}|${to}`;

const PROGRESS_COUNTER: Record<ProgressCode, DayCounter> = {
  '01': 'st01',
  '02': 'st02',
  '03': 'st03',
  '04': 'st04',
  '05': 'st05',
  '06': 'st06',
};

/**
 * Decree 30/2020 Art. 21 (and Art. 16 for documents received): a document arriving electronically is
 * registered the day it arrives; arriving on a day off, the first working day after. Acknowledged
 * "the same working day" therefore means by the end of that working day (Vietnam time).
 */
export function ackDeadlineDay(receivedDay: string): string {
  return isWorkingDay(receivedDay) ? receivedDay : nextWorkingDay(receivedDay);
}

export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function projectEvents(lookup: ProjectionLookup, events: readonly MonitorEvent[]): ProjectionDelta {
  const days = new Map<string, DayCounters>();
  const latency = new Map<string, number>();
  const openDue = new Map<string, number>();
  const due = (agency: string, dueAt: Date | null, n: number) => {
    if (!dueAt) return;
    const key = `${agency}|${vietnamDateOf(dueAt)}`;
    openDue.set(key, (openDue.get(key) ?? 0) + n);
  };
  const activity = new Map<string, { first: Date; last: Date }>();
  const documents = new Map<string, DocumentFact>();
  const deliveries = new Map<string, DeliveryFact>();
  let lastSeq = 0;

  // Consecutive additions mostly hit the same (agency, day) row: it is kept at hand.
  let lastAgency = '';
  let lastDay = '';
  let lastRow: DayCounters | undefined;
  const add = (agency: string, day: string, counter: DayCounter, n = 1) => {
    if (agency !== lastAgency || day !== lastDay || !lastRow) {
      const key = `${agency}|${day}`;
      lastRow = days.get(key);
      if (!lastRow) days.set(key, (lastRow = emptyCounters()));
      lastAgency = agency;
      lastDay = day;
    }
    lastRow[counter] += n;
  };
  const seen = (agency: string, at: Date) => {
    const a = activity.get(agency);
    if (!a) activity.set(agency, { first: at, last: at });
    else {
      if (at < a.first) a.first = at;
      if (at > a.last) a.last = at;
    }
  };
  const observe = (agency: string, day: string, metric: LatencyMetric, ms: number) => {
    const key = `${agency}|${monthOf(day)}|${metric}|${latencyBucket(ms)}`;
    latency.set(key, (latency.get(key) ?? 0) + 1);
  };
  const documentOf = (docId: string) => documents.get(docId) ?? lookup.document(docId);
  const deliveryOf = (docId: string, to: string) =>
    deliveries.get(deliveryKey(docId, to)) ?? lookup.delivery(docId, to);

  for (const event of events) {
    lastSeq = Math.max(lastSeq, event.seq);
    switch (event.type) {
      case 'document_sent': {
        if (documentOf(event.docId)) break; // the same acceptance seen twice changes nothing
        const fact: DocumentFact = {
          docId: event.docId,
          from: event.from,
          sentAt: event.at,
          signed: event.signed,
          signatureValid: event.signed && event.signatureValid,
          paper: event.paper,
          dueAt: event.dueAt,
        };
        documents.set(event.docId, fact);
        const day = vietnamDateOf(event.at);
        add(event.from, day, 'sent');
        if (fact.signed) add(event.from, day, 'sentSigned');
        if (fact.signatureValid) add(event.from, day, 'sentValid');
        if (!fact.paper) add(event.from, day, 'sentPaperless');
        seen(event.from, event.at);
        break;
      }
      case 'delivery_queued': {
        const doc = documentOf(event.docId);
        if (!doc || deliveryOf(event.docId, event.to)) break; // status packages and repeats are not documents received
        const day = vietnamDateOf(event.at);
        deliveries.set(deliveryKey(event.docId, event.to), {
          docId: event.docId,
          to: event.to,
          from: doc.from,
          sentAt: event.at,
          day,
          dueAt: doc.dueAt,
          signed: doc.signed,
          paper: doc.paper,
          progress: null,
          ackedAt: null,
          completedAt: null,
          effect: null,
        });
        add(event.to, day, 'received');
        // The sender's side of the same delivery (the drill-down's "sent" list counts these rows).
        add(doc.from, day, 'sentDeliveries');
        if (!doc.paper) add(event.to, day, 'receivedPaperless');
        add(event.to, day, 'stNone');
        due(event.to, doc.dueAt, 1);
        break;
      }
      case 'agency_seen':
        seen(event.agency, event.at);
        break;
      case 'status': {
        seen(event.to, event.at);
        const current = deliveryOf(event.docId, event.to);
        if (!current || !isProgressCode(event.code)) break;
        const code = event.code;
        const next: { -readonly [K in keyof DeliveryFact]: DeliveryFact[K] } = { ...current, progress: code };
        add(current.to, current.day, current.progress ? PROGRESS_COUNTER[current.progress] : 'stNone', -1);
        add(current.to, current.day, PROGRESS_COUNTER[code]);
        if ((code === '01' || code === '03') && !current.ackedAt) {
          next.ackedAt = event.at;
          add(current.to, current.day, 'acked');
          if (vietnamDateOf(event.at) <= ackDeadlineDay(current.day))
            add(current.to, current.day, 'ackedSameDay');
          observe(current.to, current.day, 'ack', event.at.getTime() - current.sentAt.getTime());
        }
        if (code === '02' && current.progress !== '02') add(current.to, current.day, 'returned');
        if (code === '06' && !current.completedAt) {
          next.completedAt = event.at;
          add(current.to, current.day, 'completed');
          // Processed online: an electronic-only document taken into processing (03, 04 or 05) and
          // completed (06), every step reported to the sender through status packages on the axis.
          if (
            !current.paper &&
            (current.progress === '03' || current.progress === '04' || current.progress === '05')
          )
            add(current.to, current.day, 'processedOnline');
          if (current.dueAt && event.at > current.dueAt) add(current.to, current.day, 'completedLate');
          if (current.effect !== 'revoked') due(current.to, current.dueAt, -1);
          observe(current.to, current.day, 'complete', event.at.getTime() - current.sentAt.getTime());
        }
        deliveries.set(deliveryKey(event.docId, event.to), next);
        break;
      }
      case 'effect': {
        seen(event.to, event.at);
        const current = deliveryOf(event.docId, event.to);
        if (!current || current.effect) break;
        deliveries.set(deliveryKey(event.docId, event.to), { ...current, effect: event.effect });
        if (event.effect === 'revoked') {
          add(current.to, current.day, 'revoked');
          if (!current.completedAt) due(current.to, current.dueAt, -1);
        }
        break;
      }
    }
  }
  return { days, latency, openDue, activity, documents, deliveries, lastSeq };
}
