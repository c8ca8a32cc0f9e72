/**
 * `npm run bench -- office [--one N] [--total N] [--agencies N] [--requests N] [--keep] [--reuse DB]`
 *
 * Office listing and search latency through the REST API (real HTTP, signed-in clerk session, the
 * calls the web app makes) on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
 * a scratch database is created and dropped unless --keep; --reuse DB measures a kept one again).
 *
 * Seeding is set-based SQL (INSERT … SELECT generate_series, two connections at once, the secondary
 * indexes dropped during the load and rebuilt after it, then VACUUM ANALYZE): N documents in the
 * measured agency, the rest of --total spread over --agencies agencies, interleaved in time over three
 * years. Subjects and summaries are Vietnamese with diacritics, built from administrative topics; types,
 * states, urgency and senders follow a plausible spread; the search text is folded by lt_fold() as the
 * office writes it, and the search vector is the generated column of migration 0005. The inbox (chờ
 * tiếp nhận) is as deep as a real one: a quarter of the incoming documents of the last 14 days are still
 * pending (a clerk accepts received documents within days; in the measured agency, ~2,200 documents,
 * ~45 pages of 50); older ones were all accepted or returned. Until 2026-11-22 the seed left 2 % of all
 * incoming documents pending over the three years (~14,000 scattered through an 11 GB table), an inbox
 * nobody has.
 *
 * Measured (p50/p99 over --requests each): the clerk's inbox (chờ tiếp nhận) page 1 (with its capped
 * count) and following pages by cursor, the incoming register of the current year likewise, full-text
 * search with common words, rare words and filters, and a search in a small agency. Floor, same run:
 * the same query through the storage function without HTTP, session or JSON. Targets (issue 5):
 * listing p99 < 50 ms, search p99 < 200 ms at 1 million documents in one agency and 10 million across
 * 500 (`--one 1000000 --total 10000000 --agencies 500`; the defaults are small).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildServer, type Platform } from '../src/main.ts';
import type { Office } from '../src/office/index.ts';
import { listDocuments } from '../src/office/storage/document-list.ts';
import type { DocumentFilter } from '../src/office/use-cases/ports.ts';
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

const lit = (items: string[]) => `(ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}])`;

const ACTIONS = [
  'Về việc triển khai',
  'Về việc tăng cường',
  'Về việc hướng dẫn thực hiện',
  'Về việc báo cáo kết quả',
  'Về việc đôn đốc thực hiện',
  'Về việc góp ý dự thảo văn bản về',
  'Về việc tổ chức hội nghị về',
  'Về việc phê duyệt kế hoạch',
  'Về việc kiểm tra',
  'Về việc rà soát',
  'Về việc đẩy mạnh',
  'Về việc chấn chỉnh',
];
const TOPICS = [
  'công tác phòng chống thiên tai và tìm kiếm cứu nạn',
  'chuyển đổi số trong cơ quan nhà nước',
  'cải cách hành chính',
  'gửi nhận văn bản điện tử và chữ ký số',
  'phòng cháy chữa cháy',
  'bảo đảm an toàn thông tin mạng',
  'quản lý đất đai',
  'bồi thường giải phóng mặt bằng',
  'quản lý đầu tư công',
  'giải ngân vốn đầu tư công',
  'chương trình mục tiêu quốc gia xây dựng nông thôn mới',
  'giảm nghèo bền vững',
  'thực hiện chính sách bảo hiểm xã hội',
  'phòng chống dịch bệnh truyền nhiễm',
  'an toàn vệ sinh thực phẩm',
  'tuyển sinh đầu cấp',
  'kỳ thi tốt nghiệp trung học phổ thông',
  'thu ngân sách nhà nước',
  'quyết toán ngân sách địa phương',
  'thi đua khen thưởng',
  'tuyển dụng công chức viên chức',
  'đào tạo bồi dưỡng cán bộ',
  'phòng chống tham nhũng tiêu cực',
  'tiếp công dân và giải quyết khiếu nại tố cáo',
  'bảo vệ môi trường',
  'quản lý tài nguyên nước',
  'phát triển du lịch',
  'xúc tiến thương mại và đầu tư',
  'bảo đảm trật tự an toàn giao thông',
  'phòng chống buôn lậu gian lận thương mại',
  'cấp đổi giấy chứng nhận quyền sử dụng đất',
  'cung cấp dịch vụ công trực tuyến toàn trình',
  'cơ sở dữ liệu quốc gia về dân cư',
  'thực hiện Đề án 06',
  'kiểm soát thủ tục hành chính',
  'lưu trữ hồ sơ tài liệu',
  'định danh và xác thực điện tử',
  'sắp xếp đơn vị hành chính cấp xã',
  'cấp nước sạch nông thôn',
  'hỗ trợ doanh nghiệp nhỏ và vừa',
];
const SCOPES = [
  'trên địa bàn tỉnh',
  'năm 2026',
  'quý IV',
  '6 tháng đầu năm',
  'giai đoạn 2026-2030',
  'tại các xã phường thị trấn',
  'trong mùa mưa bão',
  'đợt 2',
  'tháng 11',
  'của ngành giáo dục',
  'của Sở Tài chính',
  'tại các khu công nghiệp',
  'đối với các huyện miền núi',
  'của Ủy ban nhân dân cấp huyện',
  'theo Nghị định 30/2020/NĐ-CP',
  'theo Chỉ thị 05/CT-TTg',
  'tại thành phố Đà Nẵng',
  'tại tỉnh Thừa Thiên Huế',
  'ở vùng đồng bằng sông Cửu Long',
  'cho người dân và doanh nghiệp',
];
const UNITS = [
  'Sở Nội vụ',
  'Sở Tài chính',
  'Sở Kế hoạch và Đầu tư',
  'Sở Thông tin và Truyền thông',
  'Sở Giáo dục và Đào tạo',
  'Sở Y tế',
  'Sở Tài nguyên và Môi trường',
  'Công an tỉnh',
  'Ủy ban nhân dân các huyện',
  'Văn phòng Ủy ban nhân dân tỉnh',
];
const VERBS = [
  'khẩn trương triển khai',
  'nghiên cứu góp ý',
  'tổng hợp báo cáo',
  'phối hợp thực hiện',
  'rà soát đề xuất',
];
// Types weighted roughly as an agency receives them: mostly công văn.
const TYPES: [string, string][] = [
  ...Array.from({ length: 11 }, (): [string, string] => ['CV', 'Công văn']),
  ['QĐ', 'Quyết định'],
  ['QĐ', 'Quyết định'],
  ['TB', 'Thông báo'],
  ['TB', 'Thông báo'],
  ['KH', 'Kế hoạch'],
  ['BC', 'Báo cáo'],
  ['TTr', 'Tờ trình'],
  ['GM', 'Giấy mời'],
  ['CT', 'Chỉ thị'],
];
const SENDERS: [string, string, string][] = [
  ['000.00.00.G22', 'Văn phòng Chính phủ', 'VPCP'],
  ['000.00.00.G09', 'Bộ Nội vụ', 'BNV'],
  ['000.00.00.G12', 'Bộ Tài chính', 'BTC'],
  ['000.00.00.G13', 'Bộ Thông tin và Truyền thông', 'BTTTT'],
  ['000.00.00.G10', 'Bộ Kế hoạch và Đầu tư', 'BKHĐT'],
  ['000.00.00.H31', 'Ủy ban nhân dân tỉnh Đắk Lắk', 'UBND'],
  ['000.00.00.H26', 'Ủy ban nhân dân thành phố Đà Nẵng', 'UBND'],
  ['000.00.00.H57', 'Ủy ban nhân dân tỉnh Thừa Thiên Huế', 'UBND'],
  ['000.00.01.H31', 'Sở Tài chính tỉnh Đắk Lắk', 'STC'],
  ['000.00.02.H31', 'Sở Nội vụ tỉnh Đắk Lắk', 'SNV'],
];

/** One INSERT … SELECT over generate_series(from, to): documents g of the whole data set. */
function seedStatement(from: number, to: number, total: number, one: number, ids: number[]): string {
  const h = (k: number, m: number) => `(abs(hashint4(g + ${k * 1_000_003})) % ${m})`;
  const others = ids.length - 1;
  return `
    INSERT INTO office.documents (id, agency_id, direction, state, subject, summary, type_name, type_abbreviation,
      code_number, code_notation, promulgation_date, priority, from_code, from_name, incoming_number, incoming_year,
      issue_series, issue_number, issue_year, deadline, received_at, registered_at, issued_at, created_at, updated_at,
      search_text)
    OVERRIDING SYSTEM VALUE
    SELECT g, agency, direction, state, subject, summary, type_name, type_abbr, code_number, code_notation,
      (created - interval '1 day')::date, priority,
      CASE WHEN direction = 'incoming' THEN sender[1] END, CASE WHEN direction = 'incoming' THEN sender[2] END,
      CASE WHEN direction = 'incoming' AND state NOT IN ('pending','returned') THEN g END,
      CASE WHEN direction = 'incoming' AND state NOT IN ('pending','returned') THEN extract(year FROM created)::int END,
      CASE WHEN state IN ('issued','revoked') THEN type_abbr END,
      CASE WHEN state IN ('issued','revoked') THEN g END,
      CASE WHEN state IN ('issued','revoked') THEN extract(year FROM created)::int END,
      CASE WHEN state IN ('assigned','processing','done') THEN (created + interval '10 days')::date END,
      CASE WHEN direction = 'incoming' THEN created END,
      CASE WHEN direction = 'incoming' AND state NOT IN ('pending','returned') THEN created + interval '1 hour' END,
      CASE WHEN state IN ('issued','revoked') THEN created + interval '1 day' END,
      created, created,
      public.lt_fold(concat_ws(' ', subject, summary, type_name, code_number || '/' || code_notation,
        CASE WHEN direction = 'incoming' THEN sender[2] || ' ' || sender[1] END, attachment_text))
    FROM (
      SELECT g, agency, direction, subject, summary, type_name, type_abbr, priority, created, attachment_text,
        ARRAY[${lit(SENDERS.map((x) => x[0]))}[sidx], ${lit(SENDERS.map((x) => x[1]))}[sidx], ${lit(SENDERS.map((x) => x[2]))}[sidx]] AS sender,
        ${h(9, 9000)} + 1 || '' AS code_number,
        CASE WHEN type_abbr = 'CV' THEN ${lit(SENDERS.map((x) => x[2]))}[sidx] || '-VP'
          ELSE type_abbr || '-' || ${lit(SENDERS.map((x) => x[2]))}[sidx] END AS code_notation,
        CASE WHEN direction = 'incoming' THEN
          CASE WHEN s < 25 AND created > now() - interval '14 days' THEN 'pending'
               WHEN s < 2 THEN 'registered' WHEN s < 3 THEN 'returned' WHEN s < 4 THEN 'cancelled'
               WHEN s < 12 THEN 'registered' WHEN s < 25 THEN 'assigned' WHEN s < 35 THEN 'processing' ELSE 'done' END
        ELSE CASE WHEN s < 3 THEN 'draft' WHEN s < 5 THEN 'submitted' WHEN s < 6 THEN 'approved'
               WHEN s < 98 THEN 'issued' ELSE 'revoked' END END AS state
      FROM (
        SELECT g,
          CASE WHEN (g::bigint * ${one}) / ${total} > ((g - 1)::bigint * ${one}) / ${total} THEN ${ids[0]}
               ELSE (ARRAY[${ids.slice(1).join(',')}])[1 + g % ${others}] END AS agency,
          CASE WHEN ${h(1, 10)} < 7 THEN 'incoming' ELSE 'outgoing' END AS direction,
          ${h(2, 100)} AS s,
          ${lit(ACTIONS)}[1 + ${h(3, ACTIONS.length)}] || ' ' || ${lit(TOPICS)}[1 + ${h(4, TOPICS.length)}] || ' '
            || ${lit(SCOPES)}[1 + ${h(5, SCOPES.length)}] AS subject,
          'Đề nghị ' || ${lit(UNITS)}[1 + ${h(6, UNITS.length)}] || ' ' || ${lit(VERBS)}[1 + ${h(7, VERBS.length)}] || ' '
            || ${lit(TOPICS)}[1 + ${h(8, TOPICS.length)}] || ', gửi kết quả trước ngày ' || (1 + ${h(10, 28)})
            || '/' || (1 + ${h(11, 12)}) || '.' AS summary,
          ${lit(TYPES.map((t) => t[1]))}[1 + ${h(12, TYPES.length)}] AS type_name,
          ${lit(TYPES.map((t) => t[0]))}[1 + ${h(12, TYPES.length)}] AS type_abbr,
          1 + ${h(13, SENDERS.length)} AS sidx,
          CASE WHEN ${h(14, 100)} < 85 THEN 0 WHEN ${h(14, 100)} < 95 THEN 1 WHEN ${h(14, 100)} < 99 THEN 2 ELSE 3 END AS priority,
          now() - (${total} - g) * (interval '1095 days' / ${total}) AS created,
          CASE WHEN ${h(15, 3)} = 0 THEN 'Phụ lục ' || ${lit(TOPICS)}[1 + ${h(16, TOPICS.length)}] || ' biểu mẫu số '
            || (1 + ${h(17, 20)}) END AS attachment_text
        FROM generate_series(${from}, ${to}) g
      ) raw
    ) r`;
}

/**
 * Gzipped size of the web bundle (web/dist, `npm run build`) a first visit downloads: what index.html
 * loads (entry and module preloads, with their static imports), then with the office app and its sign-in
 * page, then with the inbox list page. Lazily imported chunks (monitor app, document page, …) are not
 * counted until their screen opens.
 */
export function bundleSizes(): Record<string, { files: number; gzipBytes: number }> | null {
  const dist = join(import.meta.dirname, '..', 'web', 'dist');
  if (!existsSync(join(dist, 'index.html'))) return null;
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const assets = readdirSync(join(dist, 'assets'));
  const chunk = (prefix: string) => assets.filter((f) => f.startsWith(prefix + '-') && f.endsWith('.js'));
  const closure = (roots: string[]) => {
    const seen = new Set<string>();
    for (const queue = [...roots]; queue.length > 0;) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      if (!file.endsWith('.js')) continue;
      const code = readFileSync(join(dist, 'assets', file), 'utf8');
      // Static imports only (import x from "./a.js", import "./b.js"); import("./c.js") is lazy.
      for (const m of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*from\s*)?["']\.\/([^"']+)["']/g))
        queue.push(m[1]!);
    }
    return [...seen];
  };
  const measure = (roots: string[]) => {
    const files = closure(roots);
    return {
      files: files.length,
      gzipBytes: files.reduce((n, f) => n + gzipSync(readFileSync(join(dist, 'assets', f))).length, 0),
    };
  };
  return {
    'index.html (entry + preloads)': measure(entry),
    'office sign-in screen': measure([...entry, ...chunk('office-app'), ...chunk('login-page')]),
    'office inbox screen': measure([
      ...entry,
      ...chunk('office-app'),
      ...chunk('login-page'),
      ...chunk('document-list-page'),
    ]),
  };
}

export async function main(args: string[]): Promise<void> {
  if (args.includes('--bundle-only')) {
    console.log(bundleSizes());
    return;
  }
  let one = option(args, '--one', 100_000);
  let total = Math.max(one, option(args, '--total', 500_000));
  const agencies = Math.max(2, option(args, '--agencies', 50));
  const requests = option(args, '--requests', 200);
  const keep = args.includes('--keep');
  const reuseAt = args.indexOf('--reuse');
  const reuse = reuseAt >= 0 ? args[reuseAt + 1] : undefined;
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const name = reuse ?? `lt_bench_office_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = join(import.meta.dirname, '..', 'tmp', 'bench-office');
  const database = await openDatabase({ url: url.toString(), poolSize: 10 });
  const pool = database.pool!;
  let dropAtEnd = !keep && !reuse;
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

    let seedSeconds: number | null = null;
    const phases: Record<string, number> = {};
    let ids: number[];
    if (!reuse) {
      ids = [];
      for (let i = 0; i < agencies; i++) {
        const code = `000.00.${String(Math.floor(i / 100)).padStart(2, '0')}.H${String(i % 100).padStart(2, '0')}`;
        const abbreviation = 'UBND';
        ids.push((await office.createAgency({ code, name: `UBND tỉnh thử nghiệm ${i}`, abbreviation })).id);
      }
      for (const [i, agencyId] of [ids[0]!, ids[1]!].entries()) {
        await office.createUser({
          agencyId,
          username: `bench.clerk${i}`,
          password: 'bench-password-1',
          fullName: 'Văn thư',
          role: 'clerk',
        });
      }
      const started = Date.now();
      let t = Date.now();
      const secondary = await pool.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'office' AND tablename = 'documents'
           AND indexname <> 'documents_pkey'`,
      );
      for (const ix of secondary.rows) await pool.query(`DROP INDEX office."${ix.indexname}"`);
      const chunk = 250_000;
      const ranges: [number, number][] = [];
      for (let from = 1; from <= total; from += chunk) ranges.push([from, Math.min(total, from + chunk - 1)]);
      let done = 0;
      const worker = async () => {
        const client = await pool.connect();
        try {
          await client.query('SET synchronous_commit = off');
          for (let r = ranges.shift(); r; r = ranges.shift()) {
            await client.query(seedStatement(r[0], r[1], total, one, ids));
            done += r[1] - r[0] + 1;
            if (done % 1_000_000 < chunk)
              console.error(`  seeded ${done.toLocaleString()} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
          }
        } finally {
          client.release();
        }
      };
      await Promise.all([worker(), worker()]);
      await pool.query(`SELECT setval(pg_get_serial_sequence('office.documents', 'id'), ${total})`);
      phases.loadSeconds = (Date.now() - t) / 1000;
      t = Date.now();
      // Two builds at once (one per core), the longest first: the GIN index (single-threaded before
      // PostgreSQL 18) and the covering index take most of the time.
      const builds = [...secondary.rows].sort(
        (x, y) => Number(/gin|INCLUDE/.test(y.indexdef)) - Number(/gin|INCLUDE/.test(x.indexdef)),
      );
      const builder = async () => {
        const client = await pool.connect();
        try {
          await client.query(`SET maintenance_work_mem = '1GB'`);
          await client.query('SET max_parallel_maintenance_workers = 0');
          for (let ix = builds.shift(); ix; ix = builds.shift()) {
            const t0 = Date.now();
            await client.query(ix.indexdef);
            console.error(`  ${ix.indexname}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
          }
        } finally {
          client.release();
        }
      };
      await Promise.all([builder(), builder()]);
      phases.indexSeconds = (Date.now() - t) / 1000;
      t = Date.now();
      await pool.query('VACUUM ANALYZE office.documents');
      phases.vacuumAnalyzeSeconds = (Date.now() - t) / 1000;
      seedSeconds = (Date.now() - started) / 1000;
    } else {
      // A kept database measured again: the seed figures of the run that built it, when recorded.
      try {
        const previous = JSON.parse(
          readFileSync(join(import.meta.dirname, 'results', 'office.json'), 'utf8'),
        ) as { databaseName?: string; seedSeconds?: number | null; seedPhases?: Record<string, number> };
        if (previous.databaseName === name) {
          seedSeconds = previous.seedSeconds ?? null;
          Object.assign(phases, previous.seedPhases ?? {});
        }
      } catch {
        // no previous results
      }
      ids = (await pool.query<{ id: string }>('SELECT id FROM office.agencies ORDER BY id')).rows.map((r) =>
        Number(r.id),
      );
    }
    const size = (
      await pool.query<{ table: string; indexes: string; n: string; big: string }>(
        `SELECT pg_size_pretty(pg_table_size('office.documents')) AS table,
           pg_size_pretty(pg_indexes_size('office.documents')) AS indexes,
           (SELECT reltuples::bigint FROM pg_class WHERE oid = 'office.documents'::regclass) AS n,
           (SELECT count(*) FROM office.documents WHERE agency_id = ${ids[0]}) AS big`,
      )
    ).rows[0]!;
    if (reuse) {
      one = Number(size.big);
      total = Number(size.n);
    }
    console.error(
      `  documents: ~${size.n} (${size.big} in the measured agency), table ${size.table}, indexes ${size.indexes}`,
    );

    const signIn = async (username: string) => {
      const login = await fetch(`${base}/api/v1/office/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'bench-password-1' }),
      });
      if (login.status !== 200) throw new Error(`sign-in ${username}: HTTP ${login.status}`);
      return login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    };
    const bigCookie = await signIn('bench.clerk0');
    const smallCookie = await signIn('bench.clerk1');
    const year = new Date().getFullYear();

    interface Scenario {
      readonly kind: 'listing' | 'search';
      readonly cookie: string;
      readonly agencyId: number;
      /** Query of request i; `cursor` is the nextCursor of the previous request of the scenario. */
      readonly query: (i: number, cursor: string | null) => Record<string, string>;
      readonly filter: (q: Record<string, string>) => DocumentFilter;
    }
    const common = [
      'van ban dien tu',
      'bao cao',
      'cai cach hanh chinh',
      'chuyen doi so',
      'phong chong thien tai',
    ];
    const rare = [
      '4321/QĐ-UBND',
      'Đề án 06 Đà Nẵng',
      'khen thuong dot 2 Cuu Long',
      'giam ngheo sa',
      'bieu mau so 17 du lich',
    ];
    const searchFilter = (q: Record<string, string>): DocumentFilter => ({
      text: q.q!,
      limit: Number(q.limit),
      offset: 0,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.urgent ? { priorityAtLeast: 1 } : {}),
      ...(q.from ? { fromDate: q.from } : {}),
      ...(q.to ? { toDate: q.to } : {}),
      ...(q.state ? { states: [q.state] } : {}),
    });
    const scenarios: Record<string, Scenario> = {
      'inbox (chờ tiếp nhận), page 1 + capped count': {
        kind: 'listing',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: () => ({ view: 'incoming-pending', limit: '50' }),
        filter: () => ({ direction: 'incoming', states: ['pending'], limit: 50, offset: 0 }),
      },
      'inbox, next pages (cursor)': {
        kind: 'listing',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: (_i, cursor) => ({ view: 'incoming-pending', limit: '50', ...(cursor ? { cursor } : {}) }),
        filter: (q) => ({
          direction: 'incoming',
          states: ['pending'],
          limit: 50,
          offset: 0,
          ...(q.cursor ? { cursor: q.cursor } : {}),
        }),
      },
      [`incoming register ${year}, page 1 + capped count`]: {
        kind: 'listing',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: () => ({ view: 'incoming-register', year: String(year), limit: '50' }),
        filter: () => ({ direction: 'incoming', register: true, year, limit: 50, offset: 0 }),
      },
      'incoming register, next pages (cursor)': {
        kind: 'listing',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: (_i, cursor) => ({
          view: 'incoming-register',
          year: String(year),
          limit: '50',
          ...(cursor ? { cursor } : {}),
        }),
        filter: (q) => ({
          direction: 'incoming',
          register: true,
          year,
          limit: 50,
          offset: 0,
          ...(q.cursor ? { cursor: q.cursor } : {}),
        }),
      },
      'search, common words': {
        kind: 'search',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: (i) => ({ view: 'search', q: common[i % common.length]!, limit: '50' }),
        filter: searchFilter,
      },
      'search, rare words': {
        kind: 'search',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: (i) => ({ view: 'search', q: rare[i % rare.length]!, limit: '50' }),
        filter: searchFilter,
      },
      'search + filters (type, urgency, dates, state)': {
        kind: 'search',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: (i) =>
          [
            { q: 'bao cao', type: 'QĐ', urgent: 'true' },
            { q: 'dau tu cong', from: `${year - 1}-01-01`, to: `${year - 1}-06-30` },
            { q: 'thien tai', state: 'pending' },
            { q: 'so 12', type: 'CV', from: `${year - 2}-03-01`, to: `${year - 2}-03-31` },
            { q: 'ngan sach', urgent: 'true', state: 'done' },
          ].map((f) => ({ view: 'search', limit: '50', ...f }))[i % 5]!,
        filter: searchFilter,
      },
      'search, next pages (cursor)': {
        kind: 'search',
        cookie: bigCookie,
        agencyId: ids[0]!,
        query: (i, cursor) => ({
          view: 'search',
          q: 'bao cao',
          limit: '50',
          ...(cursor && i % 20 !== 0 ? { cursor } : {}),
        }),
        filter: searchFilter,
      },
      'search in a small agency (mixed words)': {
        kind: 'search',
        cookie: smallCookie,
        agencyId: ids[1]!,
        query: (i) => ({ view: 'search', q: [...common, ...rare][i % 10]!, limit: '50' }),
        filter: searchFilter,
      },
    };

    type Figures = { p50: number; p99: number; max: number };
    const results: Record<string, { kind: string; api: Figures; floor: Figures; requests: number }> = {};
    const figures = (times: number[]): Figures => {
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1]! };
    };
    for (const [label, s] of Object.entries(scenarios)) {
      const api: number[] = [];
      const floor: number[] = [];
      const queries: Record<string, string>[] = [];
      let cursor: string | null = null;
      for (let i = -10; i < requests; i++) {
        const q = s.query(i < 0 ? i + 10 : i, cursor);
        const t0 = performance.now();
        const r = await fetch(`${base}/api/v1/office/documents?${new URLSearchParams(q).toString()}`, {
          headers: { cookie: s.cookie },
        });
        const body = (await r.json()) as { items: unknown[]; nextCursor: string | null };
        const elapsed = performance.now() - t0;
        if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status} ${JSON.stringify(body)}`);
        cursor = body.nextCursor;
        if (i >= 0) {
          api.push(elapsed);
          queries.push(q);
        }
      }
      // Floor: the same queries through the storage function, no HTTP, session or JSON.
      for (const q of queries) {
        const t0 = performance.now();
        await listDocuments(database.db, s.agencyId, s.filter(q));
        floor.push(performance.now() - t0);
      }
      results[label] = { kind: s.kind, api: figures(api), floor: figures(floor), requests };
    }
    await server.close();
    const load = loadavg();
    console.log(
      `\nOffice API on PostgreSQL: ${one.toLocaleString()} documents in the measured agency, ${total.toLocaleString()} across ${ids.length} agencies${seedSeconds === null ? '' : ` (seeded in ${seedSeconds.toFixed(0)} s)`}; load average ${load.map((l) => l.toFixed(2)).join(' ')}\n`,
    );
    console.log('| scenario | API p50 ms | API p99 ms | store p50 ms | store p99 ms | target p99 |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [label, r] of Object.entries(results)) {
      console.log(
        `| ${label} | ${r.api.p50.toFixed(1)} | ${r.api.p99.toFixed(1)} | ${r.floor.p50.toFixed(1)} | ${r.floor.p99.toFixed(1)} | ${r.kind === 'listing' ? 50 : 200} |`,
      );
    }
    const bundle = bundleSizes();
    if (bundle) {
      console.log('\n| web bundle (gzip) | files | KB |\n|---|---:|---:|');
      for (const [label, b] of Object.entries(bundle))
        console.log(`| ${label} | ${b.files} | ${(b.gzipBytes / 1024).toFixed(0)} |`);
    } else console.log('\nweb/dist missing: run `npm run build` to measure the bundle');
    mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
    writeFileSync(
      join(import.meta.dirname, 'results', 'office.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          database: 'PostgreSQL (DATABASE_URL), fresh database',
          databaseName: name,
          measuredAgainOnKeptDatabase: Boolean(reuse),
          one,
          total,
          agencies: ids.length,
          requests,
          seedSeconds,
          seedPhases: phases,
          size,
          loadAverage: load,
          floor: 'the same query through the storage function (listDocuments) without HTTP, session or JSON',
          results,
          bundle,
          targets: { listingP99Ms: 50, searchP99Ms: 200, initialBundleGzipBytes: 500 * 1024 },
        },
        null,
        2,
      ) + '\n',
    );
  } catch (err) {
    dropAtEnd = dropAtEnd && !keep;
    throw err;
  } finally {
    await database.close();
    if (dropAtEnd) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else console.error(`  kept database ${name}`);
    await admin.end();
  }
}
