/**
 * Axis benchmark (issue 3 "Must show"), on PostgreSQL and on PGlite:
 *   - sendEdoc throughput and p50/p99 latency over real HTTP (the VXP client, exactly as the SDK) for
 *     10 KB, 367 KB (the SDK sample edoc_new.edxml, made unique per send) and 20 MB packages with
 *     8–64 concurrent clients; the server is the real `lienthong serve axis` in a child process;
 *   - inbox listing (REST cursor page, VXP getReceivedEdocList) and fetch (getEdoc) latency with
 *     1 million stored deliveries, bulk-loaded with SQL;
 *   - peak server memory (RSS) during one 200 MB send;
 *   - two floors in the same run: a bare Fastify route answering the same client (HTTP), and a raw
 *     multi-row INSERT loop with the same durability (database, synchronous commit) — and the ratios.
 *
 *   npm run bench -- axis-exchange [--db pg|pglite|both] [--quick] [--seconds 5] [--deliveries 1000000]
 *
 * PostgreSQL needs DATABASE_URL (a fresh database is created and dropped). Targets: ≥ 1,000 durable
 * 10 KB sends/s on PostgreSQL; inbox p99 < 20 ms at 1 million deliveries; flat memory for 200 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { createAxis } from '../src/axis/index.ts';
import { registerAgency } from '../src/axis/use-cases/register-agency.ts';
import { registerSystem } from '../src/axis/use-cases/register-system.ts';
import { createAxisRestClient, createVxpClient, type VxpClient } from '../src/axis-client/index.ts';
import { LocalBlobStore, migrateDatabase, openDatabase, type Database } from '../src/platform/index.ts';
import { buildPackage } from '../src/standards/index.ts';
import { createTestDatabase } from '../test/helpers/database.ts';
import { buildEdoc } from '../test/e2e-axis/packages.ts';

const FIXTURE = '/work/shared/fixtures/edxml/vxp-sdk/edoc_new.edxml';
const SENDER = '000.00.00.G22';
const RECEIVER = '000.00.00.H53';
const SAMPLE_FROM = '000.00.00.A80';
const SAMPLE_TO = '28.22.H17';
const MB = 1e6;

interface Args {
  dbs: ('pg' | 'pglite')[];
  quick: boolean;
  seconds: number;
  deliveries: number;
}

function parseArgs(args: string[]): Args {
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? undefined : args[i + 1];
  };
  const db = value('db') ?? (process.env.DATABASE_URL ? 'both' : 'pglite');
  const quick = args.includes('--quick');
  return {
    dbs: db === 'both' ? ['pg', 'pglite'] : [db as 'pg' | 'pglite'],
    quick,
    seconds: Number(value('seconds') ?? (quick ? 3 : 6)),
    deliveries: Number(value('deliveries') ?? (quick ? 100_000 : 1_000_000)),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** The 367 KB SDK sample with its validation errors fixed, made unique per send (number and DocumentId). */
function sampleFactory(): (n: number) => Buffer {
  const text = readFileSync(FIXTURE, 'utf8')
    .replace('<edXML:CodeNumber>74fass22<', '<edXML:CodeNumber>#NUMBER#<')
    .replace('<edXML:Type>1<', '<edXML:Type>2<')
    .replace('<edXML:TypeDetail>0<', '<edXML:TypeDetail>18<')
    .replace('2014/02/30,7806', '2014/02/28,7806')
    .replace('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT', '000.00.00.G22,2015/09/30,#NUMBER#/VPCP-TTĐT');
  const [head, middle, tail] = text.split('#NUMBER#') as [string, string, string];
  return (n) => Buffer.from(`${head}${100000 + n}${middle}${100000 + n}${tail}`, 'utf8');
}

interface Load {
  readonly label: string;
  readonly bytes: number;
  make(n: number): Promise<Buffer> | Buffer;
  readonly from: string;
  readonly concurrency: readonly number[];
  readonly maxSends: number;
}

interface SendResult {
  db: string;
  package: string;
  concurrency: number;
  sends: number;
  perSecond: number;
  mbPerSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

async function runSends(
  client: VxpClient,
  from: string,
  packages: (Buffer | { path: string })[],
  concurrency: number,
  seconds: number,
) {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && next < packages.length) {
        const bytes = packages[next++]!;
        const t = performance.now();
        try {
          await client.sendEdoc(bytes, { from });
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          if (errors < 3) console.error(`  send failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sends: latencies.length,
    elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors,
  };
}

async function startServer(
  env: Record<string, string>,
  dataDir: string,
  port: number,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/lienthong.js', 'serve', 'axis', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir],
    {
      env: { ...process.env, LOG_LEVEL: 'error', DEMO: 'false', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not yet listening
    }
    await sleep(100);
  }
  throw new Error('server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await Promise.race([
    new Promise((r) => child.once('exit', r)),
    sleep(15_000).then(() => child.kill('SIGKILL')),
  ]);
}

/** The HTTP floor: a bare Fastify route that reads the same multipart request and answers like sendEdoc. */
async function httpFloor(concurrency: number, seconds: number, packages: Buffer[]) {
  const port = await freePort();
  const code = `
    import Fastify from 'fastify';
    const app = Fastify({ bodyLimit: 1e9 });
    app.addContentTypeParser('multipart/form-data', (req, payload, done) => { payload.resume(); payload.on('end', () => done(null, null)); });
    app.post('/floor/sendEdoc', async () => ({ status: 'OK', ErrorCode: '0', ErrorDesc: '', DocId: 'floor' }));
    await app.listen({ port: ${port}, host: '127.0.0.1' });
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: process.cwd(),
  });
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      await sleep(50);
    }
  }
  const client = createVxpClient({
    endpoint: `http://127.0.0.1:${port}/floor`,
    systemId: 'floor',
    secret: 'floor-secret-123456',
  });
  const result = await runSends(client, SENDER, packages, concurrency, seconds);
  child.kill('SIGTERM');
  return result;
}

/**
 * The database floor: multi-row INSERTs of rows shaped like a package and its delivery, each batch
 * one committed transaction (synchronous commit, as the axis), `batch` sends per commit.
 */
async function databaseFloor(database: Database, batch: number, seconds: number) {
  await database.query(sql`create schema if not exists bench_floor`);
  await database.query(sql`drop table if exists bench_floor.packages`);
  await database.query(sql`drop table if exists bench_floor.deliveries`);
  await database.query(
    sql`create table bench_floor.packages (doc_id text primary key, sender text, from_organ text, sha256 text, size bigint, trace text, created_at timestamptz default now())`,
  );
  await database.query(
    sql`create table bench_floor.deliveries (id text primary key, doc_id text, recipient text, state text default 'pending', created_at timestamptz default now())`,
  );
  let sends = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  while (performance.now() < deadline) {
    const ids = Array.from({ length: batch }, () => randomBytes(16).toString('hex'));
    const sha = randomBytes(32).toString('hex');
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into bench_floor.packages (doc_id, sender, from_organ, sha256, size, trace)
        select id, 'sys', ${SENDER}, ${sha}, 10240, '<TraceHeader/>' from unnest(${`{${ids.join(',')}}`}::text[]) as id`);
      await tx.execute(sql`insert into bench_floor.deliveries (id, doc_id, recipient)
        select id || 'd', id, ${RECEIVER} from unnest(${`{${ids.join(',')}}`}::text[]) as id`);
    });
    sends += batch;
  }
  const elapsed = (performance.now() - start) / 1000;
  await database.query(sql`drop schema bench_floor cascade`);
  return sends / elapsed;
}

/** Bulk-loads `total` deliveries (95 % acknowledged) over 200 recipients, plus the measured agency's share. */
async function bulkLoad(
  database: Database,
  total: number,
  template: { sha256: string; size: number; offset: number; trace: string },
) {
  const recipientsPerPackage = 200;
  const packageCount = Math.ceil(total / recipientsPerPackage);
  const t0 = performance.now();
  const chunk = 500;
  for (let start = 0; start < packageCount; start += chunk) {
    const end = Math.min(packageCount, start + chunk);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into axis.packages (doc_id, sender_system, from_organ_id, kind, sha256, size, bussiness_doc_type, recipients_key,
                                   trace_insert_offset, trace_xml, created_at)
        select 'bulk-' || g, 'bench.bulk.' || g, ${SENDER}, 'edoc', ${template.sha256}, ${template.size}, 0, 'bulk-' || g,
               ${template.offset}, ${template.trace}, now() - make_interval(secs => (${packageCount} - g))
        from generate_series(${start}::int, ${end - 1}::int) g`);
      // Recipient 0 is the measured agency (RECEIVER); the rest are BULK.000 … BULK.198.
      await tx.execute(sql`
        insert into axis.deliveries (id, doc_id, kind, recipient_code, from_organ_id, state, created_at, updated_at, acked_at)
        select 'bulk-' || g || '-' || r, 'bulk-' || g, 'edoc',
               case when r = 0 then ${RECEIVER} else 'BULK.' || lpad((r - 1)::text, 3, '0') end,
               ${SENDER},
               case when (g + r) % 20 = 0 then 'pending' else 'done' end,
               now() - make_interval(secs => (${packageCount} - g)), now(),
               case when (g + r) % 20 = 0 then null else now() end
        from generate_series(${start}::int, ${end - 1}::int) g, generate_series(0, ${recipientsPerPackage - 1}) r`);
    });
  }
  await database.query(sql`analyze axis.deliveries`);
  await database.query(sql`analyze axis.packages`);
  return (performance.now() - t0) / 1000;
}

async function timed(n: number, fn: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function writeLargePackage(file: string, megabytes: number): Promise<void> {
  // Attachment bytes become ~4/3 in base64: size the attachment so the package is about `megabytes`.
  const attachment = Math.floor(((megabytes * MB) / 4) * 3);
  async function* bytes() {
    const block = randomBytes(1024 * 1024);
    for (let sent = 0; sent < attachment; sent += block.length)
      yield block.subarray(0, Math.min(block.length, attachment - sent));
  }
  const stream = buildPackage(
    {
      kind: 'edoc',
      header: {
        from: { organId: SENDER, organName: 'Văn phòng Chính phủ' },
        to: [{ organId: RECEIVER, organName: 'UBND tỉnh Nghệ An' }],
        documentId: `${SENDER},2026/01/15,${(Date.now() % 900000) + 100000}/VPCP-TTĐT`,
        code: { codeNumber: String((Date.now() % 900000) + 100000), codeNotation: 'VPCP-TTĐT' },
        promulgationInfo: { place: 'Hà Nội', promulgationDate: '2026/01/15' },
        documentType: { type: '2', typeDetail: '18', typeName: 'Công văn' },
        subject: 'Gói tin lớn (đo bộ nhớ)',
        signerInfo: { competence: 'KT. Bộ trưởng', position: 'Thứ trưởng', fullName: 'Nguyễn Văn A' },
        responseFor: [],
        traceHeaders: [],
      },
    },
    [{ contentId: 'cid:1', name: 'lon.pdf', contentType: 'application/pdf', data: bytes() }],
  );
  await pipeline(stream, createWriteStream(file));
}

interface DbRun {
  db: string;
  sends: SendResult[];
  memory?: { packageMB: number; seconds: number; baselineRssMB: number; peakRssMB: number };
  inbox?: {
    deliveries: number;
    loadSeconds: number;
    restInboxP50ms: number;
    restInboxP99ms: number;
    restInboxDeepPageP99ms: number;
    vxpListP50ms: number;
    vxpListP99ms: number;
    fetchP50ms: number;
    fetchP99ms: number;
  };
  databaseFloor: { batch1PerSecond: number; batch50PerSecond: number };
}

async function runDatabase(kind: 'pg' | 'pglite', args: Args, loads: Load[]): Promise<DbRun> {
  console.log(`\n== ${kind === 'pg' ? 'PostgreSQL' : 'PGlite'} ==`);
  const dataDir = await mkdtemp(join(tmpdir(), `axis-bench-${kind}-`));
  const secretKey = randomBytes(32);
  let database: Database;
  let url: string | undefined;
  let dropDatabase = async () => {};
  if (kind === 'pg') {
    const test = await createTestDatabase({ poolSize: 4 });
    database = test;
    url = test.url;
    dropDatabase = () => test.close();
  } else {
    database = await openDatabase({ dataDir });
    await migrateDatabase(database);
  }
  const secret = randomBytes(18).toString('base64url');
  const setup = createAxis({
    database,
    blobs: new LocalBlobStore(join(dataDir, 'blobs')),
    secretKey,
    maxPackageBytes: 300 * 2 ** 20,
    vxpTimestampWindowSeconds: 900,
  });
  for (const [code, name] of [
    [SENDER, 'Văn phòng Chính phủ'],
    [RECEIVER, 'UBND tỉnh Nghệ An'],
    [SAMPLE_FROM, 'Cơ quan mẫu SDK'],
    [SAMPLE_TO, 'Nơi nhận mẫu SDK'],
  ] as const) {
    await registerAgency(setup.stores, { code, name });
  }
  await registerSystem(setup.stores, { systemId: 'bench.sender', secret, agencies: [SENDER, SAMPLE_FROM] });
  await registerSystem(setup.stores, { systemId: 'bench.receiver', secret, agencies: [RECEIVER] });

  const databaseFloorResult = {
    batch1PerSecond: await databaseFloor(database, 1, Math.min(3, args.seconds)),
    batch50PerSecond: await databaseFloor(database, 50, Math.min(3, args.seconds)),
  };
  console.log(
    `database floor: ${databaseFloorResult.batch1PerSecond.toFixed(0)} sends/s one commit each, ${databaseFloorResult.batch50PerSecond.toFixed(0)} sends/s 50 per commit`,
  );
  if (kind === 'pglite') await database.close(); // the server process owns the embedded database

  const env: Record<string, string> = {
    SECRET_KEY: secretKey.toString('hex'),
    ...(url ? { DATABASE_URL: url } : {}),
  };
  if (!url) env.DATABASE_URL = '';
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let server = await startServer(env, dataDir, port);
  const sender = createVxpClient({
    endpoint: `${endpoint}/vxp`,
    systemId: 'bench.sender',
    secret,
    timeoutMs: 600_000,
  });
  const receiver = createVxpClient({
    endpoint: `${endpoint}/vxp`,
    systemId: 'bench.receiver',
    secret,
    timeoutMs: 600_000,
  });
  const run: DbRun = { db: kind, sends: [], databaseFloor: databaseFloorResult };
  let serial = 0;
  try {
    for (const load of loads) {
      for (const concurrency of load.concurrency) {
        const count = Math.min(load.maxSends, Math.max(concurrency * 4, load.maxSends));
        // Large packages go through files (streamed by the client), so the generator's memory stays flat.
        const packages: (Buffer | { path: string })[] = [];
        for (let i = 0; i < count; i++) {
          const bytes = await load.make(serial++);
          if (load.bytes < MB) packages.push(bytes);
          else {
            const path = join(dataDir, `load-${serial}.edxml`);
            writeFileSync(path, bytes);
            packages.push({ path });
          }
        }
        const r = await runSends(sender, load.from, packages, concurrency, args.seconds);
        const result: SendResult = {
          db: kind,
          package: load.label,
          concurrency,
          sends: r.sends,
          perSecond: r.sends / r.elapsed,
          mbPerSecond: (r.sends * load.bytes) / MB / r.elapsed,
          p50ms: r.p50,
          p99ms: r.p99,
          errors: r.errors,
        };
        run.sends.push(result);
        console.log(
          `send ${load.label.padEnd(7)} c=${String(concurrency).padStart(2)}: ${result.perSecond.toFixed(1).padStart(7)}/s ` +
            `${result.mbPerSecond.toFixed(1).padStart(6)} MB/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  (${r.sends} sends, ${r.errors} errors)`,
        );
      }
    }

    // Peak memory during one 200 MB send (server RSS sampled every 20 ms).
    const bigFile = join(dataDir, 'big.edxml');
    const bigMB = args.quick ? 50 : 200;
    await writeLargePackage(bigFile, bigMB);
    const baseline = rssOf(server.pid!);
    let peak = baseline;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssOf(server.pid!));
      } catch {
        // process gone
      }
    }, 20);
    const t = performance.now();
    await sender.sendEdoc({ path: bigFile }, { from: SENDER });
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    await rm(bigFile);
    run.memory = { packageMB: bigMB, seconds, baselineRssMB: baseline / MB, peakRssMB: peak / MB };
    console.log(
      `${bigMB} MB send: ${seconds.toFixed(1)} s, server RSS ${run.memory.baselineRssMB.toFixed(0)} MB → peak ${run.memory.peakRssMB.toFixed(0)} MB`,
    );

    // Inbox and fetch with many stored deliveries: a real small package gives the blob the bulk rows point at.
    const small = await buildEdoc({ from: SENDER, to: [RECEIVER], attachmentBytes: 6000 });
    const { DocId } = await sender.sendEdoc(small.bytes, { from: SENDER });
    let loadDb = database;
    if (kind === 'pglite') {
      await stopServer(server);
      loadDb = await openDatabase({ dataDir });
    }
    const [template] = await loadDb.query<{
      sha256: string;
      size: string;
      trace_insert_offset: string;
      trace_xml: string;
    }>(
      sql`select sha256, size::text, trace_insert_offset::text, trace_xml from axis.packages where doc_id = ${DocId}`,
    );
    const loadSeconds = await bulkLoad(loadDb, args.deliveries, {
      sha256: template!.sha256,
      size: Number(template!.size),
      offset: Number(template!.trace_insert_offset),
      trace: template!.trace_xml,
    });
    console.log(`bulk-loaded ${args.deliveries} deliveries in ${loadSeconds.toFixed(1)} s`);
    if (kind === 'pglite') {
      await loadDb.close();
      server = await startServer(env, dataDir, port);
    }
    const rest = createAxisRestClient({ endpoint, systemId: 'bench.receiver', secret });
    await rest.inbox({ limit: 100 }); // warm
    const restInbox = await timed(200, () => rest.inbox({ limit: 100 }));
    // A deep page: follow the cursor 20 pages in, then time pages from there.
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++)
      cursor = (await rest.inbox({ limit: 100, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
    const deep = await timed(100, () => rest.inbox({ limit: 100, ...(cursor ? { cursor } : {}) }));
    const vxpList = await timed(200, () =>
      receiver.getReceivedEdocList({ messagetype: 'edoc', pageSize: 100 }),
    );
    const ids = (await receiver.getReceivedEdocList({ messagetype: 'edoc', pageSize: 200 })).map(
      (i) => i.docId,
    );
    const fetchTimes = await timed(200, (i) => receiver.getEdoc(ids[i % ids.length]!));
    run.inbox = {
      deliveries: args.deliveries,
      loadSeconds,
      restInboxP50ms: restInbox.p50,
      restInboxP99ms: restInbox.p99,
      restInboxDeepPageP99ms: deep.p99,
      vxpListP50ms: vxpList.p50,
      vxpListP99ms: vxpList.p99,
      fetchP50ms: fetchTimes.p50,
      fetchP99ms: fetchTimes.p99,
    };
    console.log(
      `inbox at ${args.deliveries} deliveries: REST page p50 ${restInbox.p50.toFixed(1)} / p99 ${restInbox.p99.toFixed(1)} ms ` +
        `(deep page p99 ${deep.p99.toFixed(1)}), VXP list p50 ${vxpList.p50.toFixed(1)} / p99 ${vxpList.p99.toFixed(1)} ms, ` +
        `getEdoc p50 ${fetchTimes.p50.toFixed(1)} / p99 ${fetchTimes.p99.toFixed(1)} ms`,
    );
  } finally {
    await stopServer(server);
    if (kind === 'pg') await dropDatabase();
    await rm(dataDir, { recursive: true, force: true });
  }
  return run;
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.dbs.includes('pg') && !process.env.DATABASE_URL) {
    console.error('PostgreSQL needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
    process.exit(2);
  }
  const sample = sampleFactory();
  const tenKb = await buildEdoc({ from: SENDER, to: [RECEIVER], attachmentBytes: 6500 });
  const twentyMb = await buildEdoc({ from: SENDER, to: [RECEIVER], attachmentBytes: 14_900_000 });
  const loads: Load[] = [
    {
      label: '10KB',
      bytes: tenKb.bytes.length,
      make: async () => (await buildEdoc({ from: SENDER, to: [RECEIVER], attachmentBytes: 6500 })).bytes,
      from: SENDER,
      concurrency: args.quick ? [16] : [8, 32, 64],
      maxSends: args.quick ? 3000 : 12_000,
    },
    {
      label: '367KB',
      bytes: sample(0).length,
      make: (n) => sample(n),
      from: SAMPLE_FROM,
      concurrency: args.quick ? [8] : [8, 32],
      maxSends: args.quick ? 150 : 600,
    },
    {
      label: '20MB',
      bytes: twentyMb.bytes.length,
      make: async () =>
        (await buildEdoc({ from: SENDER, to: [RECEIVER], attachmentBytes: 14_900_000 })).bytes,
      from: SENDER,
      concurrency: [8],
      maxSends: args.quick ? 8 : 24,
    },
  ];
  console.log(
    `axis benchmark — ${cpus().length} CPUs, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ` +
      `packages 10KB=${tenKb.bytes.length} B, 367KB=${sample(0).length} B, 20MB=${twentyMb.bytes.length} B`,
  );

  const floorPackages = Array.from({ length: 20_000 }, () => tenKb.bytes);
  const floor = await httpFloor(32, Math.min(3, args.seconds), floorPackages);
  const httpFloorPerSecond = floor.sends / floor.elapsed;
  console.log(
    `HTTP floor (bare Fastify, same client, 10 KB, c=32): ${httpFloorPerSecond.toFixed(0)}/s p50 ${floor.p50.toFixed(1)} ms p99 ${floor.p99.toFixed(1)} ms`,
  );

  const runs: DbRun[] = [];
  for (const db of args.dbs) runs.push(await runDatabase(db, args, loads));

  console.log('\n== ratios (best 10 KB send rate) ==');
  const summary = runs.map((run) => {
    const best = Math.max(...run.sends.filter((s) => s.package === '10KB').map((s) => s.perSecond));
    const ratios = {
      db: run.db,
      best10KbPerSecond: best,
      ofHttpFloor: best / httpFloorPerSecond,
      ofDatabaseFloorOneCommitEach: best / run.databaseFloor.batch1PerSecond,
      ofDatabaseFloor50PerCommit: best / run.databaseFloor.batch50PerSecond,
    };
    console.log(
      `${run.db}: ${best.toFixed(0)} sends/s = ${(ratios.ofHttpFloor * 100).toFixed(1)} % of the HTTP floor, ` +
        `${(ratios.ofDatabaseFloor50PerCommit * 100).toFixed(1)} % of the database floor (50/commit), ` +
        `${(ratios.ofDatabaseFloorOneCommitEach * 100).toFixed(1)} % of one-commit-per-send`,
    );
    return ratios;
  });
  const file = join(import.meta.dirname, 'results', 'axis-exchange.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        cpus: cpus().length,
        loadAverage: (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3),
        args,
        httpFloor: { perSecond: httpFloorPerSecond, p50ms: floor.p50, p99ms: floor.p99 },
        runs,
        summary,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nresults: ${file}`);
}
