/**
 * Read models of the monitor (schema `monitor`), projected from the axis evidence log by
 * storage/projection-store.ts. Only counts, timestamps and agency codes live here: no document
 * content and no personal data. Generated into `migrations/monitor/` by
 * `drizzle-kit generate --config drizzle/monitor.config.ts`.
 */
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const monitor = pgSchema('monitor');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
const counter = (name: string) => integer(name).notNull().default(0);

/** Position of a projector in the axis evidence log, written in the same transaction as its effects. */
export const checkpoints = monitor.table('checkpoints', {
  name: text('name').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** One row per document sent (edoc package accepted). */
export const documents = monitor.table(
  'documents',
  {
    docId: text('doc_id').primaryKey(),
    fromCode: text('from_code').notNull(),
    sentAt: at('sent_at').notNull(),
    signed: boolean('signed').notNull(),
    signatureValid: boolean('signature_valid').notNull(),
    paper: boolean('paper').notNull(),
    dueAt: at('due_at'),
  },
  (t) => [index('documents_from_sent_idx').on(t.fromCode, t.sentAt)],
);

/** One row per (document, final recipient): the drill-down's document list and the funnel's state. */
export const deliveries = monitor.table(
  'deliveries',
  {
    docId: text('doc_id').notNull(),
    toCode: text('to_code').notNull(),
    fromCode: text('from_code').notNull(),
    sentAt: at('sent_at').notNull(),
    day: day('day').notNull(),
    dueAt: at('due_at'),
    signed: boolean('signed').notNull(),
    paper: boolean('paper').notNull(),
    progress: text('progress'),
    ackedAt: at('acked_at'),
    completedAt: at('completed_at'),
    effect: text('effect'),
  },
  (t) => [
    primaryKey({ columns: [t.docId, t.toCode] }),
    // Drill-down document lists: newest first per agency, read through the index, never sorted.
    index('deliveries_to_sent_idx').on(t.toCode, t.sentAt),
    index('deliveries_from_sent_idx').on(t.fromCode, t.sentAt),
    // Open deliveries with a deadline: "overdue now" reads only these.
    index('deliveries_open_due_idx')
      .on(t.dueAt)
      .where(sql`completed_at is null and due_at is not null`),
  ],
);

/** Counters per (agency, Vietnam day): see domain/project-events.ts DAY_COUNTERS. */
export const agencyDays = monitor.table(
  'agency_days',
  {
    agencyCode: text('agency_code').notNull(),
    day: day('day').notNull(),
    sent: counter('sent'),
    sentSigned: counter('sent_signed'),
    sentValid: counter('sent_valid'),
    sentPaperless: counter('sent_paperless'),
    received: counter('received'),
    receivedPaperless: counter('received_paperless'),
    acked: counter('acked'),
    ackedSameDay: counter('acked_same_day'),
    completed: counter('completed'),
    completedLate: counter('completed_late'),
    returned: counter('returned'),
    revoked: counter('revoked'),
    stNone: counter('st_none'),
    st01: counter('st_01'),
    st02: counter('st_02'),
    st03: counter('st_03'),
    st04: counter('st_04'),
    st05: counter('st_05'),
    st06: counter('st_06'),
    /** Deliveries without a paper copy completed (06) after 03/04/05, all reported on the axis. */
    processedOnline: counter('processed_online'),
    /** Deliveries of the documents this agency sent (one per recipient), by the day they were queued. */
    sentDeliveries: counter('sent_deliveries'),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.day] }), index('agency_days_day_idx').on(t.day)],
);

/**
 * The same counters per (agency, month): rankings over long periods read full months here and only
 * the partial months at the ends from agency_days (30 times fewer rows for a year).
 */
export const agencyMonths = monitor.table(
  'agency_months',
  {
    agencyCode: text('agency_code').notNull(),
    month: day('month').notNull(),
    sent: counter('sent'),
    sentSigned: counter('sent_signed'),
    sentValid: counter('sent_valid'),
    sentPaperless: counter('sent_paperless'),
    received: counter('received'),
    receivedPaperless: counter('received_paperless'),
    acked: counter('acked'),
    ackedSameDay: counter('acked_same_day'),
    completed: counter('completed'),
    completedLate: counter('completed_late'),
    returned: counter('returned'),
    revoked: counter('revoked'),
    stNone: counter('st_none'),
    st01: counter('st_01'),
    st02: counter('st_02'),
    st03: counter('st_03'),
    st04: counter('st_04'),
    st05: counter('st_05'),
    st06: counter('st_06'),
    processedOnline: counter('processed_online'),
    sentDeliveries: counter('sent_deliveries'),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.month] }), index('agency_months_month_idx').on(t.month)],
);

/**
 * The same counters per (agency level, day): national and per-level figures read a few hundred rows
 * whatever the traffic. The level is the registry's at projection time.
 */
export const levelDays = monitor.table(
  'level_days',
  {
    level: smallint('level').notNull(),
    day: day('day').notNull(),
    sent: counter('sent'),
    sentSigned: counter('sent_signed'),
    sentValid: counter('sent_valid'),
    sentPaperless: counter('sent_paperless'),
    received: counter('received'),
    receivedPaperless: counter('received_paperless'),
    acked: counter('acked'),
    ackedSameDay: counter('acked_same_day'),
    completed: counter('completed'),
    completedLate: counter('completed_late'),
    returned: counter('returned'),
    revoked: counter('revoked'),
    stNone: counter('st_none'),
    st01: counter('st_01'),
    st02: counter('st_02'),
    st03: counter('st_03'),
    st04: counter('st_04'),
    st05: counter('st_05'),
    st06: counter('st_06'),
    /** Deliveries without a paper copy completed (06) after 03/04/05, all reported on the axis. */
    processedOnline: counter('processed_online'),
    /** Deliveries of the documents this agency sent (one per recipient), by the day they were queued. */
    sentDeliveries: counter('sent_deliveries'),
  },
  (t) => [primaryKey({ columns: [t.level, t.day] })],
);

/** Latency histogram bucket counts per (receiving agency, month, metric). */
export const latencyBuckets = monitor.table(
  'latency_buckets',
  {
    agencyCode: text('agency_code').notNull(),
    month: day('month').notNull(),
    metric: text('metric', { enum: ['ack', 'complete'] }).notNull(),
    bucket: smallint('bucket').notNull(),
    count: counter('count'),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.month, t.metric, t.bucket] })],
);

/** Deliveries still open (not completed, not revoked) per (receiving agency, due day): "overdue now". */
export const openDue = monitor.table(
  'open_due',
  {
    agencyCode: text('agency_code').notNull(),
    dueDay: day('due_day').notNull(),
    open: counter('open'),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.dueDay] }), index('open_due_day_idx').on(t.dueDay)],
);

/** When each agency was first and last seen acting on the axis (connected / last-seen). */
export const agencyActivity = monitor.table('agency_activity', {
  agencyCode: text('agency_code').primaryKey(),
  firstSeenAt: at('first_seen_at').notNull(),
  lastSeenAt: at('last_seen_at').notNull(),
});
