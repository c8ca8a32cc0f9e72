import assert from 'node:assert/strict';
import { test } from 'node:test';
import { histogramQuantile, latencyBucket, LATENCY_BUCKETS } from './latency-histogram.ts';
import { ackDeadlineDay, projectEvents } from './project-events.ts';
import type { MonitorEvent } from './monitor-event.ts';

const none = { document: () => undefined, delivery: () => undefined };
const vn = (local: string) => new Date(`${local}+07:00`);

function sent(docId: string, at: Date, dueAt: Date | null = null): MonitorEvent[] {
  return [
    {
      type: 'document_sent',
      seq: 1,
      at,
      docId,
      from: 'A',
      signed: true,
      signatureValid: true,
      paper: false,
      dueAt,
    },
    { type: 'delivery_queued', seq: 2, at, docId, to: 'B' },
  ];
}

test('Decree 30 Art. 21: a document arriving on a day off is due for registration on the next working day', () => {
  assert.equal(ackDeadlineDay('2026-03-06'), '2026-03-06'); // Friday
  assert.equal(ackDeadlineDay('2026-03-07'), '2026-03-09'); // Saturday → Monday
  assert.equal(ackDeadlineDay('2026-09-02'), '2026-09-03'); // National Day
});

test('acknowledged the same working day: Saturday arrival acknowledged Monday counts, Friday arrival acknowledged Monday does not', () => {
  const sat = projectEvents(none, [
    ...sent('d', vn('2026-03-07T10:00:00')),
    { type: 'status', seq: 3, at: vn('2026-03-09T08:30:00'), docId: 'd', to: 'B', code: '03' },
  ]);
  assert.equal(sat.days.get('B|2026-03-07')?.ackedSameDay, 1);
  const fri = projectEvents(none, [
    ...sent('d', vn('2026-03-06T16:00:00')),
    { type: 'status', seq: 3, at: vn('2026-03-09T08:30:00'), docId: 'd', to: 'B', code: '01' },
  ]);
  assert.equal(fri.days.get('B|2026-03-06')?.acked, 1);
  assert.equal(fri.days.get('B|2026-03-06')?.ackedSameDay, 0);
});

test('the funnel moves a delivery between states; completion after DueDate is late; open deadlines close', () => {
  const due = vn('2026-03-10T23:59:59');
  const delta = projectEvents(none, [
    ...sent('d', vn('2026-03-09T09:00:00'), due),
    { type: 'status', seq: 3, at: vn('2026-03-09T10:00:00'), docId: 'd', to: 'B', code: '03' },
    { type: 'status', seq: 4, at: vn('2026-03-12T10:00:00'), docId: 'd', to: 'B', code: '06' },
  ]);
  const row = delta.days.get('B|2026-03-09')!;
  assert.deepEqual([row.stNone, row.st03, row.st06, row.completed, row.completedLate], [0, 0, 1, 1, 1]);
  assert.equal(delta.openDue.get('B|2026-03-10'), 0);
  // Statuses about unknown deliveries (documents sent before the log, status packages) count nothing.
  const stray = projectEvents(none, [
    { type: 'status', seq: 1, at: new Date(), docId: 'x', to: 'B', code: '06' },
  ]);
  assert.equal(stray.days.size, 0);
});

test('median from histogram buckets lies inside the right bucket', () => {
  const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
  for (const minutes of [3, 4, 4, 100, 2000]) counts[latencyBucket(minutes * 60_000)]! += 1;
  const median = histogramQuantile(counts, 0.5)!;
  assert.ok(median > 2 && median <= 5, `median ${median}`);
  assert.equal(histogramQuantile(new Array<number>(LATENCY_BUCKETS).fill(0), 0.5), null);
});
