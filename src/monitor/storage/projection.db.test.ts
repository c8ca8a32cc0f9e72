/**
 * Property: after any stream of axis evidence, applied in batches of any size with projector runs
 * interleaved at any point, the read models equal a full recomputation from the whole evidence log.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { appendEvidence } from '../../axis/storage/evidence-writer.ts';
import type { EvidenceEvent } from '../../axis/domain/evidence-chain.ts';
import { projectEvents, DAY_COUNTERS, deliveryKey } from '../domain/project-events.ts';
import { readEvidenceAfter, toMonitorEvent } from './axis-evidence-source.ts';
import { projectNextBatch, resetProjection } from './projection-store.ts';
import type { MonitorEvent } from '../domain/monitor-event.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

const AGENCIES = ['000.00.00.G22', '000.00.00.H26', '000.00.00.H29', '000.00.01.H26', '000.00.00.G01'];
const START = Date.UTC(2026, 0, 28, 0, 0, 0); // spans Tết 2026 (days off) and weekends

type Action =
  | {
      kind: 'send';
      doc: number;
      from: number;
      to: number[];
      signed: boolean;
      paper: boolean;
      due: number | null;
    }
  | { kind: 'status'; doc: number; to: number; code: string }
  | { kind: 'fetch'; doc: number; to: number }
  | { kind: 'effect'; doc: number; to: number; effect: 'revoked' | 'updated' | 'replaced' }
  | { kind: 'noise'; doc: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      doc: fc.nat(12),
      from: fc.nat(AGENCIES.length - 1),
      to: fc.uniqueArray(fc.nat(AGENCIES.length - 1), { minLength: 1, maxLength: 3 }),
      signed: fc.boolean(),
      paper: fc.boolean(),
      due: fc.option(fc.nat(30)),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      doc: fc.nat(12),
      to: fc.nat(AGENCIES.length - 1),
      code: fc.constantFrom('01', '02', '03', '04', '05', '06', '13', '15'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('fetch' as const),
      doc: fc.nat(12),
      to: fc.nat(AGENCIES.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('effect' as const),
      doc: fc.nat(12),
      to: fc.nat(AGENCIES.length - 1),
      effect: fc.constantFrom('revoked' as const, 'updated' as const, 'replaced' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('noise' as const), doc: fc.nat(12) }) },
);

/** Axis evidence as src/axis/use-cases/send-package.ts writes it. */
function toEvidence(a: Action, at: Date): EvidenceEvent[] {
  const docId = `doc-${a.doc}`;
  const base = { docId, packageSha256: 'a'.repeat(64), actor: 'sys', at };
  switch (a.kind) {
    case 'send': {
      const recipients = a.to.map((i) => AGENCIES[i]!);
      const due = a.due === null ? null : new Date(at.getTime() + a.due * 86_400_000);
      const dueDate = due ? due.toISOString().slice(0, 10).replaceAll('-', '/') : null;
      return [
        {
          ...base,
          eventType: 'accepted',
          details: {
            kind: 'edoc',
            from: AGENCIES[a.from]!,
            bussinessDocType: 0,
            recipients,
            signed: a.signed,
            paper: a.paper,
            dueDate,
          },
        },
        ...recipients.map((r, i) => ({
          ...base,
          eventType: 'queued' as const,
          details: { deliveryId: `${docId}-${i}`, recipient: r },
        })),
      ];
    }
    case 'status':
      return [
        {
          ...base,
          docId: `status-${a.doc}`,
          eventType: 'accepted',
          details: { kind: 'status', from: AGENCIES[a.to]!, statusCode: a.code, refDocId: docId },
        },
        {
          ...base,
          docId: `status-${a.doc}`,
          eventType: 'status_received',
          details: { refDocId: docId, recipient: AGENCIES[a.to]!, statusCode: a.code, from: AGENCIES[a.to]! },
        },
      ];
    case 'fetch':
      return [{ ...base, eventType: 'fetched', details: { deliveryId: 'x', recipient: AGENCIES[a.to]! } }];
    case 'effect':
      return [
        {
          ...base,
          eventType: a.effect,
          details: { refDocId: docId, recipient: AGENCIES[a.to]!, statusCode: '15' },
        },
      ];
    case 'noise':
      return [{ ...base, eventType: 'refused', details: { code: 'axis.package_invalid' } }];
  }
}

async function resetAll(): Promise<void> {
  await database.query(sql`truncate axis.evidence`);
  await database.query(sql`update axis.evidence_head set seq = 0, hash = ${'0'.repeat(64)} where id = 1`);
  await resetProjection(database);
}

async function allEvents(): Promise<MonitorEvent[]> {
  const rows = await readEvidenceAfter(database.db, 0, 1_000_000);
  return rows.map(toMonitorEvent).filter((e): e is MonitorEvent => e !== null);
}

async function tableState() {
  const days = await database.query<Record<string, unknown>>(sql`select * from monitor.agency_days`);
  const dayMap = new Map<string, Record<string, number>>();
  for (const r of days) {
    const counters = Object.fromEntries(
      DAY_COUNTERS.map((k) => [
        k,
        Number(r[k.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`).replace('st0', 'st_0')]),
      ]),
    );
    if (Object.values(counters).some((v) => v !== 0)) {
      dayMap.set(`${String(r.agency_code)}|${String(r.day).slice(0, 10)}`, counters);
    }
  }
  const latency = new Map<string, number>();
  for (const r of await database.query<Record<string, unknown>>(sql`select * from monitor.latency_buckets`)) {
    latency.set(
      `${String(r.agency_code)}|${String(r.month).slice(0, 10)}|${String(r.metric)}|${String(r.bucket)}`,
      Number(r.count),
    );
  }
  const deliveries = new Map<string, string>();
  for (const r of await database.query<Record<string, unknown>>(
    sql`select doc_id, to_code, progress, acked_at, completed_at, effect from monitor.deliveries`,
  )) {
    deliveries.set(
      deliveryKey(String(r.doc_id), String(r.to_code)),
      JSON.stringify([
        r.progress,
        r.acked_at ? new Date(r.acked_at as string).toISOString() : null,
        r.completed_at ? new Date(r.completed_at as string).toISOString() : null,
        r.effect,
      ]),
    );
  }
  const openDue = new Map<string, number>();
  for (const r of await database.query<Record<string, unknown>>(
    sql`select * from monitor.open_due where open <> 0`,
  )) {
    openDue.set(`${String(r.agency_code)}|${String(r.due_day).slice(0, 10)}`, Number(r.open));
  }
  const activity = new Map<string, string>();
  for (const r of await database.query<Record<string, unknown>>(sql`select * from monitor.agency_activity`)) {
    activity.set(
      String(r.agency_code),
      `${new Date(String(r.first_seen_at)).toISOString()} ${new Date(String(r.last_seen_at)).toISOString()}`,
    );
  }
  return { dayMap, latency, deliveries, activity, openDue };
}

function recompute(events: readonly MonitorEvent[]) {
  const full = projectEvents({ document: () => undefined, delivery: () => undefined }, events);
  const dayMap = new Map<string, Record<string, number>>();
  for (const [k, v] of full.days) if (Object.values(v).some((n) => n !== 0)) dayMap.set(k, { ...v });
  const deliveries = new Map<string, string>();
  for (const [k, d] of full.deliveries) {
    deliveries.set(
      k,
      JSON.stringify([
        d.progress,
        d.ackedAt?.toISOString() ?? null,
        d.completedAt?.toISOString() ?? null,
        d.effect,
      ]),
    );
  }
  const activity = new Map<string, string>();
  for (const [k, a] of full.activity) activity.set(k, `${a.first.toISOString()} ${a.last.toISOString()}`);
  const openDue = new Map([...full.openDue].filter(([, n]) => n !== 0));
  return { dayMap, latency: full.latency, deliveries, activity, openDue };
}

const snake = (k: string) => k.replace(/[A-Z0-9]+/g, (m) => `_${m.toLowerCase()}`).replace('st0', 'st_0');

const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

test('read models projected batch by batch equal a full recomputation from the evidence', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.tuple(action, fc.integer({ min: 1, max: 36 * 60 }), fc.boolean(), fc.integer({ min: 1, max: 7 })),
        {
          minLength: 1,
          maxLength: 40,
        },
      ),
      async (steps) => {
        await resetAll();
        let t = START;
        const sent = new Set<number>();
        for (const [a, minutes, projectNow, batchSize] of steps) {
          t += minutes * 60_000;
          // The axis gives every accepted package a fresh docId: a second send of the same doc is a refusal.
          const step: Action = a.kind === 'send' && sent.has(a.doc) ? { kind: 'noise', doc: a.doc } : a;
          if (step.kind === 'send') sent.add(step.doc);
          await database.db.transaction((tx) => appendEvidence(tx, toEvidence(step, new Date(t))));
          if (projectNow) await projectNextBatch(database, batchSize);
        }
        while ((await projectNextBatch(database, 5)).rows > 0);
        const expected = recompute(await allEvents());
        const actual = await tableState();
        assert.deepEqual(sorted(actual.dayMap), sorted(expected.dayMap));
        assert.deepEqual(sorted(actual.latency), sorted(expected.latency));
        assert.deepEqual(sorted(actual.deliveries), sorted(expected.deliveries));
        assert.deepEqual(sorted(actual.activity), sorted(expected.activity));
        assert.deepEqual(sorted(actual.openDue), sorted(expected.openDue));
        // The incremental open-with-deadline counts equal a count over the per-delivery facts.
        const direct = await database.query<{ k: string; n: string }>(sql`
          select to_code || '|' || to_char(due_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as k, count(*) as n
          from monitor.deliveries where due_at is not null and completed_at is null and effect is distinct from 'revoked' group by 1`);
        assert.deepEqual(sorted(actual.openDue), sorted(new Map(direct.map((r) => [r.k, Number(r.n)]))));
        // The monthly rollup is the sum of the days of each month.
        const rollup = sql.raw(DAY_COUNTERS.map((k) => `sum(${snake(k)})::int8 as ${snake(k)}`).join(', '));
        const byMonth = await database.query(sql`
          select agency_code, to_char(date_trunc('month', day), 'YYYY-MM-DD') as month, ${rollup}
          from monitor.agency_days group by 1, 2 having sum(abs(sent) + abs(received) + abs(sent_deliveries)) > 0 order by 1, 2`);
        const months = await database.query(sql`
          select agency_code, to_char(month, 'YYYY-MM-DD') as month, ${rollup}
          from monitor.agency_months group by 1, 2 having sum(abs(sent) + abs(received) + abs(sent_deliveries)) > 0 order by 1, 2`);
        assert.deepEqual(months, byMonth);
        // The sender-side delivery counter equals the delivery rows per sender and day.
        const [sentRows] = await database.query<{ a: string; b: string }>(sql`
          select (select count(*) from monitor.deliveries) as a, (select coalesce(sum(sent_deliveries), 0) from monitor.agency_days) as b`);
        assert.equal(Number(sentRows!.a), Number(sentRows!.b));

        // An oracle independent of the projection code: counts straight from the actions.
        const sentDocs = new Set<number>();
        let received = 0;
        for (const [a] of steps) {
          if (a.kind === 'send' && !sentDocs.has(a.doc)) {
            sentDocs.add(a.doc);
            received += a.to.length;
          }
        }
        const [totals] = await database.query<{ sent: string; received: string }>(
          sql`select coalesce(sum(sent), 0) as sent, coalesce(sum(received), 0) as received from monitor.agency_days`,
        );
        assert.equal(Number(totals!.sent), sentDocs.size);
        assert.equal(Number(totals!.received), received);
      },
    ),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 15) },
  );
});

test('projecting again from the same checkpoint changes nothing (idempotent, restart-safe)', async () => {
  await resetAll();
  const at = new Date(START);
  await database.db.transaction((tx) =>
    appendEvidence(tx, [
      ...toEvidence({ kind: 'send', doc: 1, from: 0, to: [1, 2], signed: true, paper: false, due: 3 }, at),
      ...toEvidence({ kind: 'status', doc: 1, to: 1, code: '03' }, new Date(START + 3_600_000)),
    ]),
  );
  while ((await projectNextBatch(database, 3)).rows > 0);
  const first = await tableState();
  // A crash after commit and a restart: the checkpoint says everything is applied.
  const again = await projectNextBatch(database, 100);
  assert.equal(again.rows, 0);
  assert.deepEqual(sorted((await tableState()).dayMap), sorted(first.dayMap));
  const [row] = await database.query<{ acked: number; acked_same_day: number; sent_signed: number }>(
    sql`select sum(acked)::int as acked, sum(acked_same_day)::int as acked_same_day, sum(sent_signed)::int as sent_signed from monitor.agency_days`,
  );
  assert.deepEqual(row, { acked: 1, acked_same_day: 1, sent_signed: 1 });
});
