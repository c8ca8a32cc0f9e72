/**
 * `npm run bench -- office [--one N] [--total N] [--agencies N] [--requests N]`
 *
 * Office listing and search latency through the REST API (real HTTP, signed-in session) on
 * PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; a scratch database is
 * created and dropped). Documents are bulk-generated with SQL generate_series: N in the measured
 * agency plus the rest of --total spread over --agencies agencies, with folded search text as the
 * office writes it. Measures p50/p99 of the clerk's inbox (chờ tiếp nhận), the incoming register, and
 * a diacritic-insensitive full-text search. Targets (issue 5): listing p99 < 50 ms, search p99 < 200 ms
 * at 1 million documents in one agency and 10 million across 500 (pass --one 1000000 --total 10000000
 * --agencies 500; the defaults are smaller so a run fits in a few minutes on this shared machine).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildServer, type Platform } from '../src/main.ts';
import type { Office } from '../src/office/index.ts';
import {
  createLogger,
  LocalBlobStore,
  loadConfig,
  migrateDatabase,
  openDatabase,
} from '../src/platform/index.ts';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export async function main(args: string[]): Promise<void> {
  const one = option(args, '--one', 200_000);
  const total = Math.max(one, option(args, '--total', 1_000_000));
  const agencies = Math.max(2, option(args, '--agencies', 100));
  const requests = option(args, '--requests', 200);
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `lt_bench_office_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = join(import.meta.dirname, '..', 'tmp', 'bench-office');
  const database = await openDatabase({ url: url.toString(), poolSize: 10 });
  try {
    await migrateDatabase(database);
    const config = loadConfig({ SECRET_KEY: 'd'.repeat(64), DATA_DIR: dataDir, DEMO: 'false' }, {}, 'silent');
    const platform: Platform = {
      config,
      logger: createLogger('silent'),
      database,
      blobs: new LocalBlobStore(join(dataDir, 'blobs')),
      close: async () => {},
    };
    const server = await buildServer(platform, ['office']);
    const office = (server as unknown as { office: Office }).office;
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const ids: number[] = [];
    for (let i = 0; i < agencies; i++) {
      const code = `000.00.${String(Math.floor(i / 100)).padStart(2, '0')}.H${String(i % 100).padStart(2, '0')}`;
      ids.push(
        (await office.createAgency({ code, name: `UBND tỉnh thử nghiệm ${i}`, abbreviation: 'UBND' })).id,
      );
    }
    await office.createUser({
      agencyId: ids[0]!,
      username: 'bench.clerk',
      password: 'bench-password-1',
      fullName: 'Văn thư',
      role: 'clerk',
    });

    const started = Date.now();
    // The measured agency: N incoming documents, 2 % still pending, the rest registered with số đến.
    const insert = (agencyExpr: string, from: number, to: number) =>
      database.query(
        sql.raw(`
        INSERT INTO office.documents (agency_id, direction, state, subject, priority, from_code, from_name, code_number,
          code_notation, incoming_number, incoming_year, received_at, registered_at, search_text)
        SELECT ${agencyExpr}, 'incoming', CASE WHEN g % 50 = 0 THEN 'pending' ELSE 'registered' END,
          'Về việc ' || (ARRAY['triển khai văn bản điện tử','báo cáo tình hình kinh tế xã hội','phòng chống thiên tai','cải cách hành chính','chuyển đổi số'])[1 + g % 5] || ' số ' || g,
          CASE WHEN g % 97 = 0 THEN 1 ELSE 0 END, '000.00.00.G22', 'Văn phòng Chính phủ', (g % 9000)::text, 'VPCP-TH',
          CASE WHEN g % 50 = 0 THEN NULL ELSE g END, CASE WHEN g % 50 = 0 THEN NULL ELSE 2026 END,
          now() - (g || ' seconds')::interval, now(),
          public.lt_fold('Về việc ' || (ARRAY['triển khai văn bản điện tử','báo cáo tình hình kinh tế xã hội','phòng chống thiên tai','cải cách hành chính','chuyển đổi số'])[1 + g % 5] || ' số ' || g || ' Văn phòng Chính phủ')
        FROM generate_series(${from}, ${to}) g`),
      );
    const chunk = 200_000;
    for (let from = 1; from <= one; from += chunk)
      await insert(String(ids[0]), from, Math.min(one, from + chunk - 1));
    const others = total - one;
    const otherIds = `(ARRAY[${ids.slice(1).join(',')}])[1 + g % ${ids.length - 1}]`;
    for (let from = one + 1; from <= one + others; from += chunk)
      await insert(otherIds, from, Math.min(one + others, from + chunk - 1));
    await database.query(sql`ANALYZE office.documents`);
    const seedSeconds = (Date.now() - started) / 1000;

    const login = await fetch(`${base}/api/v1/office/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench.clerk', password: 'bench-password-1' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const words = [
      'van ban dien tu',
      'bao cao kinh te',
      'thien tai',
      'cai cach hanh chinh',
      'chuyen doi so 12',
    ];
    const scenarios: Record<string, (i: number) => string> = {
      'inbox (chờ tiếp nhận)': (i) =>
        `/api/v1/office/documents?view=incoming-pending&limit=50&offset=${(i % 5) * 50}`,
      'incoming register': (i) =>
        `/api/v1/office/documents?view=incoming-register&year=2026&limit=50&offset=${(i % 20) * 50}`,
      'full-text search': (i) =>
        `/api/v1/office/documents?view=search&q=${encodeURIComponent(words[i % words.length]!)}&limit=50`,
    };
    const results: Record<string, { p50: number; p99: number; requests: number }> = {};
    for (const [label, path] of Object.entries(scenarios)) {
      for (let i = 0; i < 10; i++)
        await fetch(base + path(i), { headers: { cookie } }).then((r) => r.arrayBuffer());
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const r = await fetch(base + path(i), { headers: { cookie } });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      results[label] = { p50: percentile(times, 50), p99: percentile(times, 99), requests };
    }
    await server.close();
    console.log(
      `\nOffice API on PostgreSQL: ${one.toLocaleString()} documents in the measured agency, ${total.toLocaleString()} across ${agencies} agencies (seeded in ${seedSeconds.toFixed(0)} s)`,
    );
    console.log('scenario'.padEnd(26), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8));
    for (const [label, r] of Object.entries(results)) {
      console.log(label.padEnd(26), r.p50.toFixed(1).padStart(8), r.p99.toFixed(1).padStart(8));
    }
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    writeFileSync(
      join(import.meta.dirname, 'results', 'office.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          one,
          total,
          agencies,
          requests,
          seedSeconds,
          results,
          targets: { listingP99Ms: 50, searchP99Ms: 200 },
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
