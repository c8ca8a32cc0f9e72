/**
 * The living demo's traffic against a real server: the simulator speaks VXP over loopback HTTP to the
 * production server factory, signs most packages with agency seals from the demo PKI, and the axis
 * (trusting the demo CA through the trust folder prepareDemoTrust hands it) records every signed
 * package as signed, valid and chain-checked; the monitor counts them as signed and valid; xmlsec1,
 * an independent XML-DSig implementation, verifies a stored package against the demo root.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { requireTool } from '../../test/helpers/pki.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { xmlsecVerify } from '../../test/helpers/xmlsec.ts';
import { buildServer, type Platform } from '../main.ts';
import { projectNextBatch } from '../monitor/index.ts';
import { createLogger, LocalBlobStore, loadConfig, type Config, type HttpServer } from '../platform/index.ts';
import { hierarchyFiles } from '../trust/index.ts';
import { axisStoresFor, openDemoPki, prepareDemoTrust, seedNation, type DemoPki } from './index.ts';
import { startTrafficSimulator, type TrafficSimulator } from './traffic-simulator.ts';

let database: TestDatabase;
let dir: { path: string; cleanup: () => Promise<void> };
let config: Config;
let platform: Platform;
let pki: DemoPki;
let server: HttpServer;
let simulator: TrafficSimulator;

/** mulberry32: a small seeded generator, so the traffic mix is repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const failures: unknown[] = [];
const quiet = { info: () => {}, debug: (obj: object) => failures.push(obj) };

before(async () => {
  requireTool('xmlsec1', 'xmlsec1');
  database = await createTestDatabase();
  dir = await tempDir('demo-traffic-');
  const prepared = await prepareDemoTrust(loadConfig({ SECRET_KEY: 'e'.repeat(64), DATA_DIR: dir.path }));
  config = prepared.config;
  pki = prepared.pki;
  platform = {
    config,
    logger: createLogger('silent'),
    database,
    blobs: new LocalBlobStore(join(dir.path, 'blobs')),
    close: async () => {},
  };
  server = await buildServer(platform, ['axis']);
  await server.listen({ port: 0, host: '127.0.0.1' });
});

after(async () => {
  await simulator?.stop();
  await server?.close();
  await database?.close();
  await dir?.cleanup();
});

test('without TRUST_DIR the axis is handed the demo trust folder; the demo CA lives under the data dir', () => {
  assert.equal(config.trustDir, pki.trustDir);
  assert.ok(pki.caDir.startsWith(dir.path));
  assert.ok(existsSync(join(pki.trustDir, 'government-root.pem')));
  // Key files stay in the CA folder, never in the trust folder the axis reads.
  assert.ok(existsSync(hierarchyFiles(pki.caDir, 'government').issuingKey));
});

test('simulated systems sign most packages; the axis records them signed, valid and chain-checked', async () => {
  const nation = await seedNation(axisStoresFor(platform), config.secretKey);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  simulator = startTrafficSimulator({
    endpoint: `http://127.0.0.1:${port}/vxp`,
    nation,
    ratePerMinute: 60,
    logger: quiet,
    random: seeded(20_251_122),
    pki,
    signedShare: 0.7,
    autoStart: false,
  });
  // Tick until both kinds were sent: signed (several) and unsigned (at least one).
  for (let i = 0; i < 40; i += 1) {
    await simulator.tick();
    const total = simulator.stats.sent + simulator.stats.statuses;
    if (simulator.stats.signed >= 4 && total - simulator.stats.signed >= 1 && simulator.stats.sent >= 4)
      break;
  }
  const { stats } = simulator;
  assert.equal(
    stats.errors,
    0,
    `no simulator step failed: ${String((failures[0] as { err?: unknown })?.err)}`,
  );
  assert.ok(stats.signed >= 4, `signed packages: ${stats.signed}`);
  assert.ok(stats.sent + stats.statuses > stats.signed, 'some packages went unsigned');

  const rows = await database.query<{
    doc_id: string;
    kind: string;
    from_organ_id: string;
    sha256: string;
    signed: boolean;
    signature_status: string;
    signature_chain_checked: boolean;
    signer_subject: string | null;
  }>(sql`
    select doc_id, kind, from_organ_id, sha256, signed, signature_status, signature_chain_checked, signer_subject
      from axis.packages where sender_system like 'demo.%' order by created_at`);
  assert.equal(rows.length, stats.sent + stats.statuses);
  const signed = rows.filter((r) => r.signed);
  const unsigned = rows.filter((r) => !r.signed);
  assert.equal(signed.length, stats.signed);
  for (const r of signed) {
    assert.equal(r.signature_status, 'valid', `${r.doc_id} (${r.kind} from ${r.from_organ_id})`);
    assert.equal(r.signature_chain_checked, true, r.doc_id);
    // The seal is the sending agency's own: its code is the certificate's OU.
    assert.match(r.signer_subject ?? '', new RegExp(`OU=${r.from_organ_id.replaceAll('.', '\\.')}`));
  }
  for (const r of unsigned) assert.equal(r.signature_status, 'unsigned', r.doc_id);

  // The monitor counts the new documents (edoc) as signed and valid from the axis evidence.
  while ((await projectNextBatch(database, 1000)).rows > 0);
  const [counts] = await database.query<{ docs: string; signed: string; valid: string }>(sql`
    select count(*) as docs, count(*) filter (where signed) as signed,
           count(*) filter (where signature_valid) as valid from monitor.documents`);
  const signedDocs = signed.filter((r) => r.kind === 'edoc').length;
  assert.equal(Number(counts!.docs), stats.sent);
  assert.equal(Number(counts!.signed), signedDocs);
  assert.equal(Number(counts!.valid), signedDocs);

  // xmlsec1 verifies a stored package (the original bytes the axis received) against the demo root.
  const document = signed.find((r) => r.kind === 'edoc') ?? signed[0]!;
  const bytes = await platform.blobs.readAll(document.sha256);
  const files = hierarchyFiles(pki.caDir, 'government');
  const theirs = await xmlsecVerify(
    bytes,
    await readFile(files.root, 'utf8'),
    await readFile(files.issuing, 'utf8'),
  );
  assert.ok(theirs.ok, theirs.output);
  // …and refuses it once a byte of the signed content changes.
  const tampered = Buffer.from(bytes.toString('utf8').replace('<edXML:Subject>', '<edXML:Subject>X'));
  assert.notDeepEqual(tampered, bytes);
  const refused = await xmlsecVerify(
    tampered,
    await readFile(files.root, 'utf8'),
    await readFile(files.issuing, 'utf8'),
  );
  assert.equal(refused.ok, false);
});

test('a restart reuses the demo CA and the agencies’ seals', async () => {
  const rootBefore = await readFile(hierarchyFiles(pki.caDir, 'government').root, 'utf8');
  const agency = { code: '000.00.00.G99', name: 'Bộ Văn hóa, Thể thao và Du lịch (thử)' };
  const first = await pki.signerFor(agency);
  const again = await openDemoPki({ dataDir: config.dataDir, secretKey: config.secretKey });
  assert.equal(await readFile(hierarchyFiles(again.caDir, 'government').root, 'utf8'), rootBefore);
  const second = await again.signerFor(agency);
  assert.equal(second.certificate.serialNumber, first.certificate.serialNumber);
  // A comma in the agency's name is escaped, not split into another attribute.
  assert.match(second.certificate.subject, /CN=Bộ Văn hóa\\?, Thể thao và Du lịch/);
});
