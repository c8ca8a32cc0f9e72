import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { appendEvidence } from '../../axis/storage/evidence-writer.ts';
import { createHttpServer, createLogger, loadConfig, type HttpServer } from '../../platform/index.ts';
import { mountMonitor, monitorOperatorToken, type MonitorContext } from '../index.ts';

let database: TestDatabase;
let server: HttpServer;
let monitor: MonitorContext;
let base: string;
const config = loadConfig({ SECRET_KEY: 'a'.repeat(64), MONITOR_TOKEN: 'test-operator-token' });
const auth = { authorization: `Bearer ${monitorOperatorToken(config)}` };

const G22 = '000.00.00.G22';
const HANOI = '000.00.00.H26';
const HUE = '000.00.00.H46';

before(async () => {
  database = await createTestDatabase();
  await database.query(sql`insert into axis.agencies (code, name, level) values
    (${G22}, 'Văn phòng Chính phủ', 1), (${HANOI}, 'UBND thành phố Hà Nội', 1), (${HUE}, 'UBND thành phố Huế', 1)`);
  // Tue 2026-03-03 09:00 Vietnam = 02:00Z. Two documents from G22: one to both cities (signed,
  // paperless), one to Hà Nội (unsigned, with paper). Hà Nội acknowledges the first the same day and
  // completes it; Huế acknowledges it two working days later; Hà Nội returns the second.
  const t = (iso: string) => new Date(iso);
  const ev = (eventType: string, docId: string, at: string, details: Record<string, unknown>) => ({
    eventType: eventType as 'accepted',
    docId,
    packageSha256: null,
    actor: 'sys',
    at: t(at),
    details,
  });
  await database.db.transaction((tx) =>
    appendEvidence(tx, [
      ev('accepted', 'd1', '2026-03-03T02:00:00Z', {
        kind: 'edoc',
        from: G22,
        bussinessDocType: 0,
        signed: true,
        paper: false,
        dueDate: '2026/03/04',
      }),
      ev('queued', 'd1', '2026-03-03T02:00:00Z', { recipient: HANOI }),
      ev('queued', 'd1', '2026-03-03T02:00:00Z', { recipient: HUE }),
      ev('accepted', 'd2', '2026-03-03T03:00:00Z', {
        kind: 'edoc',
        from: G22,
        bussinessDocType: 0,
        signed: false,
        paper: true,
      }),
      ev('queued', 'd2', '2026-03-03T03:00:00Z', { recipient: HANOI }),
      ev('fetched', 'd1', '2026-03-03T04:00:00Z', { recipient: HANOI }),
      ev('status_received', 's1', '2026-03-03T05:00:00Z', {
        refDocId: 'd1',
        recipient: HANOI,
        statusCode: '03',
      }),
      ev('status_received', 's2', '2026-03-03T06:00:00Z', {
        refDocId: 'd1',
        recipient: HANOI,
        statusCode: '04',
      }),
      ev('status_received', 's3', '2026-03-03T07:00:00Z', {
        refDocId: 'd1',
        recipient: HANOI,
        statusCode: '06',
      }),
      ev('status_received', 's4', '2026-03-05T02:00:00Z', {
        refDocId: 'd1',
        recipient: HUE,
        statusCode: '03',
      }),
      ev('status_received', 's5', '2026-03-03T08:00:00Z', {
        refDocId: 'd2',
        recipient: HANOI,
        statusCode: '02',
      }),
    ]),
  );
  server = await createHttpServer({ logger: createLogger('silent') });
  monitor = await mountMonitor(server, { config, database, logger: createLogger('silent'), intervalMs: 50 });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/monitor`;
  await monitor.projector.catchUp();
});

after(async () => {
  await server.close();
  await database.close();
});

test('summary needs the operator token', async () => {
  const res = await fetch(`${base}/summary`);
  assert.equal(res.status, 401);
  const body = (await res.json()) as { error: { code: string } };
  assert.equal(body.error.code, 'monitor.unauthorized');
  assert.equal((await fetch(`${base}/summary`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
});

test('summary counts what the evidence says, with shares between 0 and 1', async () => {
  const res = await fetch(`${base}/summary`, { headers: auth });
  assert.equal(res.status, 200);
  const s = (await res.json()) as Record<string, unknown> & { funnel: Record<string, number> };
  assert.equal(s.documentsSent, 2);
  assert.equal(s.documentsReceived, 3);
  assert.equal(s.agencies, 3);
  assert.equal(s.agenciesConnected, 3);
  assert.equal(s.signedShare, 0.5);
  assert.equal(s.paperlessShare, 0.5);
  // Hà Nội acknowledged d1 the same day; Huế two days later; d2 was returned, never acknowledged.
  assert.equal(s.acknowledged, 2);
  assert.equal(s.sameDayAcknowledgedShare, Number((1 / 3).toFixed(4)));
  assert.equal(s.completed, 1);
  assert.equal(s.returned, 1);
  // d1 at Hà Nội went 03 → 04 → 06 on the axis, without paper: the one delivery processed online.
  assert.equal(s.processedOnline, 1);
  assert.equal(s.processedOnlineShare, 0.3333);
  assert.deepEqual(s.funnel, { none: 0, '01': 0, '02': 1, '03': 1, '04': 0, '05': 0, '06': 1 });
  // Huế has not completed d1, due 2026-03-04: overdue now.
  assert.equal(s.overdueOpen, 1);
  assert.ok(typeof s.medianAckMinutes === 'number');
  const [direct] = await database.query<{ n: string }>(sql`select count(*) as n from monitor.deliveries`);
  assert.equal(Number(direct!.n), s.documentsReceived);
});

test('drill-down: by level, by agency (ranked) and the document list of one agency', async () => {
  const levels = (await (await fetch(`${base}/levels`, { headers: auth })).json()) as {
    items: { level: number; documentsReceived: number }[];
  };
  assert.equal(levels.items.find((l) => l.level === 1)?.documentsReceived, 3);
  const agencies = (await (await fetch(`${base}/agencies?level=1`, { headers: auth })).json()) as {
    items: { code: string; rank: number; documentsReceived: number; name: string }[];
  };
  const hanoi = agencies.items.find((a) => a.code === HANOI)!;
  assert.equal(hanoi.documentsReceived, 2);
  assert.equal(hanoi.name, 'UBND thành phố Hà Nội');
  const docs = (await (await fetch(`${base}/agencies/${HANOI}/documents`, { headers: auth })).json()) as {
    total: number;
    items: { docId: string; progress: string }[];
  };
  assert.equal(docs.total, 2);
  assert.deepEqual(docs.items.map((d) => [d.docId, d.progress]).sort(), [
    ['d1', '06'],
    ['d2', '02'],
  ]);
  assert.equal((await fetch(`${base}/agencies/999.99.99.X99/documents`, { headers: auth })).status, 404);
});

test('series, comparison of two periods and targets', async () => {
  const series = (await (
    await fetch(`${base}/series?from=2026-03-01&to=2026-03-31`, { headers: auth })
  ).json()) as {
    items: { period: string; documentsSent: number }[];
  };
  assert.deepEqual(
    series.items.map((i) => [i.period, i.documentsSent]),
    [['2026-03-03', 2]],
  );
  const cmp = (await (
    await fetch(`${base}/compare?aFrom=2026-02-01&aTo=2026-02-28&bFrom=2026-03-01&bTo=2026-03-31`, {
      headers: auth,
    })
  ).json()) as {
    a: { documentsSent: number };
    b: { documentsSent: number };
    change: { documentsSent: number };
  };
  assert.equal(cmp.a.documentsSent, 0);
  assert.equal(cmp.b.documentsSent, 2);
  assert.equal(cmp.change.documentsSent, 2);
  const targets = (await (await fetch(`${base}/targets`, { headers: auth })).json()) as {
    items: { group: string; actual: number; target: number }[];
  };
  // Processed online = received without paper, taken into processing (03/04/05) and completed (06):
  // only Hà Nội's d1 (03 → 04 → 06). The government office sent both documents but received none.
  assert.deepEqual(
    targets.items.find((t) => t.group === 'ministry'),
    {
      group: 'ministry',
      target: 0.8,
      actual: 0,
      agencies: 1,
      documentsSent: 2,
      documentsReceived: 0,
      processedOnline: 0,
      met: false,
    },
  );
  assert.deepEqual(
    targets.items.find((t) => t.group === 'province'),
    {
      group: 'province',
      target: 0.6,
      actual: 0.3333,
      agencies: 2,
      documentsSent: 0,
      documentsReceived: 3,
      processedOnline: 1,
      met: false,
    },
  );
});

test('rejects an inverted period with a clear error', async () => {
  const res = await fetch(`${base}/summary?from=2026-03-10&to=2026-03-01`, { headers: auth });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'monitor.period_invalid');
});

test('CSV and Excel exports carry the per-agency figures', async () => {
  const raw = Buffer.from(await (await fetch(`${base}/export.csv`, { headers: auth })).arrayBuffer());
  const csv = raw.toString('utf8');
  assert.match(csv, /UBND thành phố Hà Nội/);
  assert.ok(csv.startsWith('\uFEFFHạng,'), 'UTF-8 BOM then the Vietnamese header');
  const xlsx = Buffer.from(await (await fetch(`${base}/export.xlsx`, { headers: auth })).arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('Giám sát')!;
  assert.equal(sheet.rowCount, 4);
});

test('open data is public, aggregated only, and rate-limited', async () => {
  const res = await fetch(`${base}/open-data`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { national: { documentsSent: number }; byLevel: unknown[] };
  assert.equal(body.national.documentsSent, 2);
  const text = JSON.stringify(body);
  assert.doesNotMatch(text, /"d1"|docId|Hà Nội|000\.00\.00\.H26/);
  let limited = false;
  for (let i = 0; i < 70 && !limited; i += 1) limited = (await fetch(`${base}/open-data`)).status === 429;
  assert.ok(limited, 'the open-data endpoint answers 429 past its rate limit');
});
