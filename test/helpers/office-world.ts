/**
 * A running Liên Thông server (axis + office, real HTTP, real database) with three agencies on the
 * axis and in the office, each with its own axis system credentials, departments and users:
 *   A = Văn phòng Chính phủ (000.00.00.G22), B = UBND tỉnh Nghệ An (000.00.00.H41),
 *   C = UBND tỉnh Quảng Ninh (000.00.00.H49).
 * Users: a.clerk, a.leader, a.officer, b.clerk, … (password PASSWORD). Used by the office HTTP tests,
 * the browser journeys and the benchmark.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createAxis, registerAgency, registerSystem } from '../../src/axis/index.ts';
import { buildServer, type Platform } from '../../src/main.ts';
import type { Office } from '../../src/office/index.ts';
import { createLogger, LocalBlobStore, loadConfig, type HttpServer } from '../../src/platform/index.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createTestPki, signerFor, type TestPki } from './signing-pki.ts';
import { tempDir } from './temp-dir.ts';

export const PASSWORD = 'Mat-khau-2026!';

export const AGENCIES = {
  A: { code: '000.00.00.G22', name: 'Văn phòng Chính phủ', abbreviation: 'VPCP', level: 1 },
  B: { code: '000.00.00.H41', name: 'UBND tỉnh Nghệ An', abbreviation: 'UBND', level: 1 },
  C: { code: '000.00.00.H49', name: 'UBND tỉnh Quảng Ninh', abbreviation: 'UBND', level: 1 },
} as const;
export type AgencyKey = keyof typeof AGENCIES;

export interface OfficeWorld {
  readonly url: string;
  readonly server: HttpServer;
  readonly office: Office;
  readonly database: TestDatabase;
  readonly agencyIds: Record<AgencyKey, number>;
  readonly userIds: Record<string, number>;
  readonly departmentIds: Record<string, number>;
  /** Each agency's axis system credentials (to send as that agency's system in tests). */
  readonly systems: Record<AgencyKey, { systemId: string; secret: string }>;
  /** The test PKI whose keys sign A's documents (leader and agency), when `signing` was asked. */
  readonly pki: TestPki | undefined;
  /** Runs synchronisation passes (send queued, pull inboxes) for every agency. */
  sync(rounds?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startOfficeWorld(
  options: { logLevel?: string; signing?: boolean } = {},
): Promise<OfficeWorld> {
  const database = await createTestDatabase();
  const dir = await tempDir('office-world-');
  const config = loadConfig(
    {
      DATA_DIR: dir.path,
      SECRET_KEY: randomBytes(32).toString('hex'),
      DEMO: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
    },
    {},
    options.logLevel ?? 'silent',
  );
  const logger = createLogger(config.logLevel);
  const blobs = new LocalBlobStore(join(dir.path, 'blobs'));
  const platform: Platform = { config, logger, database, blobs, close: async () => {} };
  const server = await buildServer(platform, ['axis', 'office']);
  const office = (server as unknown as { office: Office }).office;
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const axis = createAxis({
    database,
    blobs,
    secretKey: config.secretKey,
    maxPackageBytes: config.maxPackageBytes,
    vxpTimestampWindowSeconds: 300,
  });
  const agencyIds = {} as Record<AgencyKey, number>;
  const userIds: Record<string, number> = {};
  const departmentIds: Record<string, number> = {};
  const systems = {} as Record<AgencyKey, { systemId: string; secret: string }>;
  for (const [key, a] of Object.entries(AGENCIES) as [AgencyKey, (typeof AGENCIES)[AgencyKey]][]) {
    await registerAgency(axis.stores, { code: a.code, name: a.name, level: a.level });
    const secret = randomBytes(24).toString('base64url');
    const systemId = `qlvb.${key.toLowerCase()}`;
    await registerSystem(axis.stores, { systemId, secret, agencies: [a.code] });
    systems[key] = { systemId, secret };
    const agency = await office.createAgency({
      code: a.code,
      name: a.name,
      abbreviation: a.abbreviation,
      axisSystemId: systemId,
      axisSecret: secret,
    });
    agencyIds[key] = agency.id;
    const office1 = await office.createDepartment({
      agencyId: agency.id,
      name: 'Văn phòng',
      abbreviation: 'VP',
    });
    const tech = await office.createDepartment({
      agencyId: agency.id,
      name: 'Phòng Tổng hợp',
      abbreviation: 'TH',
    });
    departmentIds[`${key.toLowerCase()}.vp`] = office1.id;
    departmentIds[`${key.toLowerCase()}.th`] = tech.id;
    const people = [
      ['clerk', 'clerk', 'Nguyễn Thị Văn Thư', office1.id, 'Văn thư'],
      ['leader', 'leader', 'Trần Văn Lãnh Đạo', office1.id, 'Phó Chánh Văn phòng'],
      ['officer', 'officer', 'Lê Thị Chuyên Viên', tech.id, 'Chuyên viên'],
      ['admin', 'admin', 'Phạm Quản Trị', office1.id, 'Quản trị'],
    ] as const;
    for (const [suffix, role, fullName, departmentId, position] of people) {
      const user = await office.createUser({
        agencyId: agency.id,
        username: `${key.toLowerCase()}.${suffix}`,
        password: PASSWORD,
        fullName: `${fullName} ${key}`,
        role,
        departmentId,
        position,
      });
      userIds[`${key.toLowerCase()}.${suffix}`] = user.id;
    }
  }
  let pki: TestPki | undefined;
  if (options.signing) {
    // A's leader and A itself get keys from a test government CA; B and C sign nothing here.
    pki = await createTestPki();
    const leaderKey = await pki.issue({ subject: 'CN=Trần Văn Lãnh Đạo A,O=Văn phòng Chính phủ,C=VN' });
    const agencyKey = await pki.issue({
      subject: 'CN=Văn phòng Chính phủ,O=Văn phòng Chính phủ,C=VN',
      key: 'ec',
    });
    const chain = [pki.issuing.certificate];
    const leaderSigner = signerFor(leaderKey, chain);
    const agencySigner = signerFor(agencyKey, chain);
    office.useSigners({
      leader: async (agency, userId) =>
        agency.code === AGENCIES.A.code && userId === userIds['a.leader'] ? leaderSigner : undefined,
      agency: async (agency) => (agency.code === AGENCIES.A.code ? agencySigner : undefined),
    });
  }
  return {
    url,
    server,
    pki,
    office,
    database,
    agencyIds,
    userIds,
    departmentIds,
    systems,
    async sync(rounds = 2) {
      for (let i = 0; i < rounds; i++) await office.syncNow();
    },
    async close() {
      await server.close();
      await database.close();
      await dir.cleanup();
    },
  };
}

/** A signed-in API client (cookie jar of one session + CSRF header). */
export interface ApiSession {
  readonly csrf: string;
  /** The session cookies, as a Cookie header. */
  readonly cookie: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  upload(
    path: string,
    name: string,
    contentType: string,
    bytes: Uint8Array,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  raw(method: string, path: string): Promise<Response>;
}

export async function signInApi(url: string, username: string, password = PASSWORD): Promise<ApiSession> {
  const response = await fetch(`${url}/api/v1/office/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const headers = { cookie: cookies, 'x-csrf-token': csrfToken };
  return {
    csrf: csrfToken,
    cookie: cookies,
    async call<T>(method: string, path: string, body?: unknown) {
      const r = await fetch(`${url}/api/v1/office${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : {}) as T };
    },
    async upload(path, name, contentType, bytes) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(bytes)], { type: contentType }), name);
      const r = await fetch(`${url}/api/v1/office${path}`, { method: 'POST', headers, body: form });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    },
    raw: (method, path) => fetch(`${url}/api/v1/office${path}`, { method, headers }),
  };
}

/** A small valid PDF with Vietnamese text (for attachments). */
export async function samplePdf(text: string): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  const { readFile } = await import('node:fs/promises');
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(await readFile('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'), {
    subset: true,
  });
  pdf.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 12, font });
  return pdf.save();
}

/** Runs the office's axis sync, a round at a time, until `probe` gives a value (60 rounds at most). */
export async function syncUntil<T>(
  world: OfficeWorld,
  what: string,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  for (let i = 0; i < 60; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await world.sync(1);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Issues an outgoing document of agency A to B and C: A's officer drafts it (given a subject) or A's
 * clerk takes an existing draft (given its id), attaches a PDF showing `pdfText`, submits; A's leader
 * approves; A's clerk issues. Sessions are keyed 'a.officer', 'a.clerk', 'a.leader'.
 */
export async function issueToBAndC<Doc extends { id: number }>(
  s: Record<string, ApiSession>,
  subjectOrDraftId: string | number,
  pdfText: string,
): Promise<Doc> {
  let id: number;
  if (typeof subjectOrDraftId === 'string') {
    const draft = await s['a.officer']!.call<Doc>('POST', '/documents/outgoing', {
      subject: subjectOrDraftId,
      recipients: [
        { code: AGENCIES.B.code, name: AGENCIES.B.name },
        { code: AGENCIES.C.code, name: AGENCIES.C.name },
      ],
    });
    id = draft.body.id;
  } else id = subjectOrDraftId;
  const who = typeof subjectOrDraftId === 'string' ? 'a.officer' : 'a.clerk';
  const up = await s[who]!.upload(
    `/documents/${id}/attachments`,
    'Văn bản.pdf',
    'application/pdf',
    await samplePdf(pdfText),
  );
  assert.equal(up.status, 200, JSON.stringify(up.body));
  assert.equal((await s[who]!.call('POST', `/documents/${id}/submit`)).status, 200);
  assert.equal((await s['a.leader']!.call('POST', `/documents/${id}/approve`)).status, 200);
  const issued = await s['a.clerk']!.call<Doc>('POST', `/documents/${id}/issue`);
  assert.equal(issued.status, 200, JSON.stringify(issued.body));
  return issued.body;
}
