/**
 * Browser journey of the "Giám sát" dashboard (playwright-core + Debian's Chromium, never a
 * downloaded browser): the charts render, the drill-down national → level → agency → document list
 * works, and the numbers on screen equal the API's and a direct SQL count over the axis tables.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { axisStoresFor, seedHistory, seedNation } from '../../src/demo/index.ts';
import { buildServer, WEB_DIST_DIR } from '../../src/main.ts';
import { monitorOperatorToken, projectNextBatch } from '../../src/monitor/index.ts';
import { createLogger, LocalBlobStore, loadConfig, type HttpServer } from '../../src/platform/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let database: TestDatabase;
let server: HttpServer;
let context: BrowserContext;
let page: Page;
let base: string;
let token: string;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

before(async () => {
  if (!existsSync(join(WEB_DIST_DIR, 'index.html'))) {
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    assert.equal(build.status, 0, 'the web bundle builds');
  }
  const dir = await tempDir('monitor-e2e');
  database = await createTestDatabase();
  const config = loadConfig({ SECRET_KEY: 'b'.repeat(64), DATA_DIR: dir.path });
  token = monitorOperatorToken(config);
  const platform = {
    config,
    logger: createLogger('silent'),
    database,
    blobs: new LocalBlobStore(join(dir.path, 'blobs')),
    close: async () => {},
  };
  const nation = await seedNation(axisStoresFor(platform), config.secretKey);
  await seedHistory(database, {
    documents: 400,
    days: 60,
    now: new Date(),
    agencies: nation.agencies,
    systems: nation.systems,
  });
  while ((await projectNextBatch(database, 10_000)).rows > 0);
  server = await buildServer(platform, ['monitor']);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const profile = await tempDir('monitor-e2e-chromium');
  context = await chromium.launchPersistentContext(profile.path, {
    executablePath: '/usr/bin/chromium',
    args: FLAGS,
    viewport: { width: 1366, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
});

after(async () => {
  await context?.close();
  await server?.close();
  await database?.close();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${base}/api/v1/monitor${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()) as T;
}

async function kpi(name: string): Promise<number> {
  const el = page.getByTestId(`kpi-${name}`);
  await el.waitFor();
  return Number(await el.getAttribute('data-value'));
}

async function sqlCounts(where: ReturnType<typeof sql> = sql`true`) {
  const [row] = await database.query<{ sent: string; received: string; signed: string }>(sql`
    select
      (select count(*) from axis.packages p where p.kind = 'edoc' and p.bussiness_doc_type = 0) as sent,
      (select count(*) from axis.deliveries d join axis.packages p on p.doc_id = d.doc_id
         left join axis.agencies a on a.code = d.recipient_code
         where p.kind = 'edoc' and p.bussiness_doc_type = 0 and ${where}) as received,
      (select count(*) from axis.packages p where p.kind = 'edoc' and p.bussiness_doc_type = 0 and p.signature_flags->>'signed' = 'true') as signed`);
  return { sent: Number(row!.sent), received: Number(row!.received), signed: Number(row!.signed) };
}

test('the national dashboard asks for the token, then shows figures equal to the API and to SQL', async () => {
  await page.goto(`${base}/giam-sat/`);
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
  await page.getByTestId('page-national').waitFor();

  const summary = await api<{
    documentsSent: number;
    documentsReceived: number;
    signedShare: number;
    agenciesConnected: number;
    sameDayAcknowledgedShare: number;
  }>('/summary');
  const counts = await sqlCounts();
  assert.ok(counts.sent >= 400);
  assert.equal(summary.documentsSent, counts.sent);
  assert.equal(summary.documentsReceived, counts.received);
  assert.equal(summary.signedShare, Math.round((counts.signed / counts.sent) * 10_000) / 10_000);

  assert.equal(await kpi('documentsSent'), summary.documentsSent);
  assert.equal(await kpi('documentsReceived'), summary.documentsReceived);
  assert.equal(await kpi('signedShare'), summary.signedShare);
  assert.equal(await kpi('agenciesConnected'), summary.agenciesConnected);
  assert.equal(await kpi('sameDayAcknowledgedShare'), summary.sameDayAcknowledgedShare);
  // Shown as text too, the way people read it (vi-VN digit grouping).
  const shown = await page.getByTestId('kpi-documentsSent').innerText();
  assert.match(shown, new RegExp(summary.documentsSent.toLocaleString('vi-VN').replace('.', '\\.')));
});

test('every chart renders on a canvas', async () => {
  for (const id of [
    'chart-series',
    'chart-levels',
    'chart-funnel',
    'chart-shares',
    'chart-targets',
    'chart-ranking',
  ]) {
    const canvas = page.getByTestId(id).locator('canvas').first();
    await canvas.waitFor({ timeout: 15_000 });
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `${id} has a drawn canvas`);
    // Not a blank canvas: something was painted.
    const painted = await canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n += 1;
      return n;
    });
    assert.ok(painted > 500, `${id} painted ${painted} pixels`);
  }
  await page.screenshot({ path: join(tmpdir(), 'lienthong-monitor-dashboard.png'), fullPage: true });
});

test('drill-down: national → level 1 → an agency → its document list, numbers equal to SQL', async () => {
  await page.getByTestId('level-link-1').click();
  await page.getByTestId('page-level').waitFor();
  const level = await api<{ documentsReceived: number }>('/summary?level=1');
  const counts = await sqlCounts(sql`a.level = 1`);
  assert.equal(level.documentsReceived, counts.received);
  assert.equal(await kpi('documentsReceived'), counts.received);

  const table = page.getByTestId('level-agency-table');
  await table.locator('a[data-testid^="agency-link-"]').first().waitFor();
  const link = table.locator('a[data-testid^="agency-link-"]').first();
  const code = (await link.getAttribute('data-testid'))!.replace('agency-link-', '');
  await link.click();
  await page.getByTestId('page-agency').waitFor();
  const [row] = await database.query<{ n: string }>(sql`
    select count(*) as n from axis.deliveries d join axis.packages p on p.doc_id = d.doc_id
    where d.recipient_code = ${code} and p.kind = 'edoc' and p.bussiness_doc_type = 0`);
  const received = Number(row!.n);
  assert.equal(await kpi('documentsReceived'), received);
  const docs = page.getByTestId('documents-received');
  await docs.locator('tbody tr.ant-table-row').first().waitFor();
  const total = await api<{ total: number }>(
    `/agencies/${encodeURIComponent(code)}/documents?role=received&limit=1`,
  );
  assert.equal(total.total, received);
  const rows = await docs.locator('tbody tr.ant-table-row').count();
  assert.equal(rows, Math.min(20, received));
  await page.getByTestId('crumb-national').click();
  await page.getByTestId('page-national').waitFor();
});
