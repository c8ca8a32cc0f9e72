/**
 * `npm run bench -- monitor [--deliveries N] [--seed-documents N] [--pglite-deliveries N] [--pglite-seed-documents N]
 *    [--skip-pg] [--skip-pglite] [--skip-seed] [--skip-api] [--requests N] [--api-database NAME] [--keep-api-database] [--append]`
 *
 * 1. Dashboard API latency (p50/p99 over real HTTP) with the read models of N deliveries: the
 *    monitor's tables (deliveries, agency_days, level_days, latency_buckets, agency_activity) are
 *    bulk-generated with SQL generate_series in the shape the projector writes, over the demo
 *    nation's 275 agencies and 365 days. Target: p99 < 100 ms at 10 million deliveries (PostgreSQL).
 *    `--api-database NAME` measures an existing PostgreSQL database left by `--keep-api-database`
 *    (same generator, same counts; said in the output) instead of generating again.
 * 2. Seeding: time until `demo seed --documents N` is visible on the dashboard — bulk rows into the
 *    axis tables, a valid evidence chain, AND the monitor's read models (the seeder projects each
 *    chunk in its transaction; any projector catch-up left is timed too and included). Target: 1
 *    million documents in under 3 minutes.
 * Runs on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; a scratch
 * database is created and dropped) and on PGlite (in memory, smaller counts — said in the output).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { axisStoresFor, seedHistory, seedNation } from '../src/demo/index.ts';
import { mountMonitor, monitorOperatorToken, projectNextBatch } from '../src/monitor/index.ts';
import {
  createHttpServer,
  createLogger,
  LocalBlobStore,
  loadConfig,
  migrateDatabase,
  openDatabase,
  type Database,
} from '../src/platform/index.ts';

interface Options {
  deliveries: number;
  seedDocuments: number;
  pgliteDeliveries: number;
  pgliteSeedDocuments: number;
  skipPg: boolean;
  skipPglite: boolean;
  requests: number;
  skipSeed: boolean;
  skipApi: boolean;
  apiDatabase: string | undefined;
  keepApiDatabase: boolean;
}

function parse(args: string[]): Options {
  const num = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  return {
    deliveries: num('--deliveries', 10_000_000),
    seedDocuments: num('--seed-documents', 1_000_000),
    pgliteDeliveries: num('--pglite-deliveries', 1_000_000),
    pgliteSeedDocuments: num('--pglite-seed-documents', 100_000),
    skipPg: args.includes('--skip-pg'),
    skipPglite: args.includes('--skip-pglite'),
    requests: num('--requests', 200),
    skipSeed: args.includes('--skip-seed'),
    skipApi: args.includes('--skip-api'),
    apiDatabase: args.includes('--api-database') ? args[args.indexOf('--api-database') + 1] : undefined,
    keepApiDatabase: args.includes('--keep-api-database'),
  };
}

const config = loadConfig({
  SECRET_KEY: 'c'.repeat(64),
  DATA_DIR: join(import.meta.dirname, '..', 'tmp', 'bench-monitor'),
});
const logger = createLogger('silent');

async function scratchPg(
  existing?: string,
): Promise<{ database: Database; name: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = existing ?? `lt_bench_monitor_${randomBytes(3).toString('hex')}`;
  if (!existing) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 8 });
  return {
    database,
    name,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function freshNation(database: Database) {
  await migrateDatabase(database);
  const platform = { database, blobs: new LocalBlobStore(join(config.dataDir, 'blobs')), config };
  return seedNation(axisStoresFor(platform), config.secretKey);
}

/** Read models of `n` deliveries, as the projector would leave them, generated inside the database. */
export async function generateReadModels(database: Database, n: number): Promise<number> {
  const started = performance.now();
  const chunk = 1_000_000;
  for (let start = 1; start <= n; start += chunk) {
    const end = Math.min(n, start + chunk - 1);
    await database.query(sql`
      with codes as (select array_agg(code order by code) as c, count(*)::int as k from axis.agencies where deleted_at is null and status = 'active')
      insert into monitor.deliveries (doc_id, to_code, from_code, sent_at, day, due_at, signed, paper, progress, acked_at, completed_at, effect)
      select 'bench-' || g, codes.c[1 + (g * 7919) % codes.k], codes.c[1 + (g * 104729 + 13) % codes.k], t.ts,
             (t.ts at time zone 'Asia/Ho_Chi_Minh')::date,
             case when g % 5 = 0 then t.ts + interval '7 days' end,
             g % 3 <> 0, g % 5 = 1,
             (array['01','02','03','04','05','06','06','06'])[1 + g % 8],
             case when g % 8 <> 1 then t.ts + (g % 300) * interval '1 minute' end,
             case when g % 8 >= 5 then t.ts + (1 + g % 9) * interval '1 day' end,
             null
      from generate_series(${start}::int8, ${end}::int8) g, codes,
           lateral (select now() - (g % 365) * interval '1 day' - (g % 540) * interval '1 minute' as ts) t`);
  }
  await database.query(sql`
    insert into monitor.documents (doc_id, from_code, sent_at, signed, signature_valid, paper, due_at)
    select doc_id, from_code, sent_at, signed, signed, paper, due_at from monitor.deliveries`);
  await database.query(sql`
    insert into monitor.agency_days (agency_code, day, sent, sent_signed, sent_valid, sent_paperless, received, received_paperless,
      acked, acked_same_day, completed, completed_late, returned, st_01, st_02, st_03, st_04, st_05, st_06, processed_online, sent_deliveries)
    select code, day, sum(sent), sum(sent_signed), sum(sent_signed), sum(sent_paperless), sum(received), sum(received_paperless),
           sum(acked), sum(acked_same_day), sum(completed), sum(completed_late), sum(returned),
           sum(st01), sum(st02), sum(st03), sum(st04), sum(st05), sum(st06), sum(online), sum(sent_deliveries)
    from (
      select from_code as code, day, 1 as sent, signed::int as sent_signed, (not paper)::int as sent_paperless,
             0 as received, 0 as received_paperless, 0 as acked, 0 as acked_same_day, 0 as completed, 0 as completed_late, 0 as returned,
             0 as st01, 0 as st02, 0 as st03, 0 as st04, 0 as st05, 0 as st06, 0 as online, 1 as sent_deliveries
      from monitor.deliveries
      union all
      select to_code, day, 0, 0, 0, 1, (not paper)::int, (acked_at is not null)::int,
             (acked_at is not null and (acked_at at time zone 'Asia/Ho_Chi_Minh')::date = day)::int,
             (completed_at is not null)::int, coalesce(completed_at > due_at, false)::int, (progress = '02')::int,
             (progress = '01')::int, (progress = '02')::int, (progress = '03')::int, (progress = '04')::int, (progress = '05')::int, (progress = '06')::int,
             (progress = '06' and not paper)::int, 0
      from monitor.deliveries
    ) x group by code, day`);
  await database.query(sql`
    insert into monitor.agency_months (agency_code, month, sent, sent_signed, sent_valid, sent_paperless, received, received_paperless,
      acked, acked_same_day, completed, completed_late, returned, st_01, st_02, st_03, st_04, st_05, st_06, processed_online, sent_deliveries)
    select agency_code, date_trunc('month', day)::date, sum(sent), sum(sent_signed), sum(sent_valid), sum(sent_paperless), sum(received),
      sum(received_paperless), sum(acked), sum(acked_same_day), sum(completed), sum(completed_late), sum(returned),
      sum(st_01), sum(st_02), sum(st_03), sum(st_04), sum(st_05), sum(st_06), sum(processed_online), sum(sent_deliveries)
    from monitor.agency_days group by 1, 2`);
  await database.query(sql`
    insert into monitor.level_days (level, day, sent, sent_signed, sent_valid, sent_paperless, received, received_paperless, acked,
      acked_same_day, completed, completed_late, returned, st_01, st_02, st_03, st_04, st_05, st_06, processed_online, sent_deliveries)
    select a.level, d.day, sum(sent), sum(sent_signed), sum(sent_valid), sum(sent_paperless), sum(received), sum(received_paperless), sum(acked),
      sum(acked_same_day), sum(completed), sum(completed_late), sum(returned), sum(st_01), sum(st_02), sum(st_03), sum(st_04), sum(st_05), sum(st_06),
      sum(processed_online), sum(sent_deliveries)
    from monitor.agency_days d join axis.agencies a on a.code = d.agency_code group by a.level, d.day`);
  await database.query(sql`
    insert into monitor.latency_buckets (agency_code, month, metric, bucket, count)
    select to_code, date_trunc('month', day)::date, 'ack', least(21, width_bucket(extract(epoch from acked_at - sent_at) / 60, 0, 1440, 12)), count(*)
    from monitor.deliveries where acked_at is not null group by 1, 2, 3, 4`);
  await database.query(sql`
    insert into monitor.open_due (agency_code, due_day, open)
    select to_code, (due_at at time zone 'Asia/Ho_Chi_Minh')::date, count(*) from monitor.deliveries
    where completed_at is null and due_at is not null group by 1, 2`);
  await database.query(sql`
    insert into monitor.agency_activity (agency_code, first_seen_at, last_seen_at)
    select code, now() - interval '365 days', now() from axis.agencies`);
  await database.query(sql`analyze`);
  return (performance.now() - started) / 1000;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measureApi(database: Database, requests: number) {
  const server = await createHttpServer({ logger });
  const monitor = await mountMonitor(server, { config, database, logger, intervalMs: 60_000 });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/monitor`;
  const headers = { authorization: `Bearer ${monitorOperatorToken(config)}` };
  const [someAgency] = await database.query<{ code: string }>(
    sql`select agency_code as code from monitor.agency_days order by received desc limit 1`,
  );
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  // A month half a year back: the drill-down list must seek to it, not scan the newer rows.
  const pastFrom = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
  const pastTo = new Date(Date.now() - 170 * 86_400_000).toISOString().slice(0, 10);
  const agencyCode = someAgency?.code ?? '000.00.00.G22';
  const paths: Record<string, string> = {
    summary: '/summary',
    'summary (30 days)': `/summary?from=${monthAgo}&to=${today}`,
    'summary (level 1)': '/summary?level=1',
    'series by day': '/series?granularity=day',
    levels: '/levels',
    'agencies (ranking)': '/agencies',
    'agencies (ranking, 30 days)': `/agencies?from=${monthAgo}&to=${today}`,
    targets: '/targets',
    'agency documents': `/agencies/${agencyCode}/documents?limit=50`,
    'agency documents (sent)': `/agencies/${agencyCode}/documents?role=sent&limit=50`,
    'agency documents (a past month)': `/agencies/${agencyCode}/documents?from=${pastFrom}&to=${pastTo}&limit=50`,
    'open data': '/open-data',
  };
  const results: Record<string, { p50: number; p99: number; max: number }> = {};
  for (const [name, path] of Object.entries(paths)) {
    const n = name === 'open data' ? Math.min(requests, 50) : requests;
    for (let i = 0; i < 3; i += 1) await fetch(base + path, { headers }).then((r) => r.arrayBuffer());
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t = performance.now();
      const res = await fetch(base + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results[name] = {
      p50: round(quantile(times, 0.5)),
      p99: round(quantile(times, 0.99)),
      max: round(times[times.length - 1]!),
    };
  }
  await monitor.close();
  await server.close();
  return results;
}

const round = (v: number) => Math.round(v * 10) / 10;

async function measureSeed(database: Database, documents: number) {
  const nation = await seedNation(
    axisStoresFor({ database, blobs: new LocalBlobStore(join(config.dataDir, 'blobs')), config }),
    config.secretKey,
  );
  const t0 = performance.now();
  const seeded = await seedHistory(database, {
    documents,
    days: 365,
    now: new Date(),
    agencies: nation.agencies,
    systems: nation.systems,
    chunkSize: 5000,
  });
  const seedSeconds = (performance.now() - t0) / 1000;
  // Whatever the seeder left to the projector (nothing when its chunks were projected in place).
  const t1 = performance.now();
  let leftToProjector = 0;
  for (;;) {
    const batch = await projectNextBatch(database, 20_000);
    if (batch.rows === 0) break;
    leftToProjector += batch.rows;
  }
  const catchUpSeconds = (performance.now() - t1) / 1000;
  const totalSeconds = (performance.now() - t0) / 1000;
  const [check] = await database.query<{ sent: string; received: string }>(
    sql`select coalesce(sum(sent), 0) as sent, coalesce(sum(received), 0) as received from monitor.level_days`,
  );
  if (Number(check?.sent) !== seeded.documents || Number(check?.received) !== seeded.deliveries)
    throw new Error(
      `dashboard totals ${JSON.stringify(check)} differ from the seeded ${JSON.stringify(seeded)}`,
    );
  return {
    documents: seeded.documents,
    deliveries: seeded.deliveries,
    evidenceEvents: seeded.events,
    seedAndProjectSeconds: round(seedSeconds),
    eventsLeftToProjector: leftToProjector,
    catchUpSeconds: round(catchUpSeconds),
    totalSecondsUntilOnDashboard: round(totalSeconds),
    documentsPerSecond: Math.round(seeded.documents / totalSeconds),
    loadAverage: os.loadavg().map((v) => round(v)),
  };
}

async function run(kind: 'postgres' | 'pglite', options: Options) {
  const deliveries = kind === 'postgres' ? options.deliveries : options.pgliteDeliveries;
  const seedDocs = kind === 'postgres' ? options.seedDocuments : options.pgliteSeedDocuments;
  const out: Record<string, unknown> = { backend: kind };
  // Dashboard on generated read models.
  if (!options.skipApi) {
    const reuse = kind === 'postgres' ? options.apiDatabase : undefined;
    const { database, name, drop } =
      kind === 'postgres'
        ? await scratchPg(reuse)
        : { database: await openDatabase({ dataDir: 'memory://' }), name: 'memory', drop: async () => {} };
    try {
      if (reuse) {
        await migrateDatabase(database);
        const [n] = await database.query<{ n: string }>(
          sql`select sum(received)::int8 as n from monitor.level_days`,
        );
        out.deliveries = Number(n?.n ?? 0);
        out.readModels = `existing database ${reuse}, generated earlier by this benchmark's generator`;
        console.log(
          `[${kind}] measuring the dashboard API on ${reuse} (${String(out.deliveries)} deliveries)…`,
        );
      } else {
        await freshNation(database);
        console.log(`[${kind}] generating read models of ${deliveries.toLocaleString('en')} deliveries…`);
        out.generateSeconds = round(await generateReadModels(database, deliveries));
        out.deliveries = deliveries;
        console.log(`[${kind}] generated in ${String(out.generateSeconds)} s; measuring the dashboard API…`);
      }
      out.apiLoadAverageBefore = os.loadavg().map((v) => round(v));
      out.api = await measureApi(database, options.requests);
      out.apiLoadAverageAfter = os.loadavg().map((v) => round(v));
      console.table(out.api);
    } finally {
      if (kind === 'pglite') await database.close();
      if (kind === 'postgres' && (reuse || options.keepApiDatabase)) {
        await database.close();
        if (options.keepApiDatabase) console.log(`[${kind}] kept database ${name}`);
      } else await drop();
    }
  }
  // Seeding history through the axis tables and the evidence chain, projected onto the dashboard.
  if (!options.skipSeed) {
    const { database, drop } =
      kind === 'postgres'
        ? await scratchPg()
        : { database: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
    try {
      await freshNation(database);
      console.log(`[${kind}] seeding ${seedDocs.toLocaleString('en')} documents…`);
      out.seed = await measureSeed(database, seedDocs);
      console.table([out.seed]);
    } finally {
      if (kind === 'pglite') await database.close();
      await drop();
    }
  }
  return out;
}

/** Markdown table of the API figures and the seed, for the report. */
function markdown(results: Record<string, unknown>[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const api = r.api as Record<string, { p50: number; p99: number; max: number }> | undefined;
    if (api) {
      lines.push(
        `\n### ${String(r.backend)}: dashboard API, ${Number(r.deliveries).toLocaleString('en')} deliveries (load ${JSON.stringify(r.apiLoadAverageBefore)} → ${JSON.stringify(r.apiLoadAverageAfter)})\n`,
        '| endpoint | p50 ms | p99 ms | max ms | p99 < 100 ms |',
        '|---|---:|---:|---:|:---:|',
        ...Object.entries(api).map(
          ([k, v]) => `| ${k} | ${v.p50} | ${v.p99} | ${v.max} | ${v.p99 < 100 ? 'yes' : 'no'} |`,
        ),
      );
    }
    const seed = r.seed as Record<string, unknown> | undefined;
    if (seed) {
      lines.push(
        `\n### ${String(r.backend)}: seed ${Number(seed.documents).toLocaleString('en')} documents until on the dashboard`,
        `${String(seed.totalSecondsUntilOnDashboard)} s (${String(seed.documentsPerSecond)} documents/s; ${String(seed.deliveries)} deliveries, ${String(seed.evidenceEvents)} evidence events; load ${JSON.stringify(seed.loadAverage)}); 1,000,000 documents at that rate: ${Math.round(1_000_000 / Number(seed.documentsPerSecond))} s (target 180 s)`,
      );
    }
  }
  return lines.join('\n');
}

export async function main(args: string[]): Promise<void> {
  const options = parse(args);
  mkdirSync(config.dataDir, { recursive: true });
  const results: Record<string, unknown>[] = [];
  if (!options.skipPg) results.push(await run('postgres', options));
  if (!options.skipPglite) results.push(await run('pglite', options));
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  // `--append`: add this run's results to the file (runs of one report split over several invocations).
  const file = join(import.meta.dirname, 'results', 'monitor.json');
  if (args.includes('--append') && existsSync(file)) {
    const previous = JSON.parse(readFileSync(file, 'utf8')) as { results?: Record<string, unknown>[] };
    for (const r of results) r.at = new Date().toISOString();
    results.unshift(...(previous.results ?? []));
  } else for (const r of results) r.at = new Date().toISOString();
  writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), loadAverage: os.loadavg(), options, results }, null, 2),
  );
  console.log(markdown(results));
}
