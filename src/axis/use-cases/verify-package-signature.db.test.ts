/**
 * Signatures on the axis (issue 4 "Axis integration"), over real HTTP with the SDK-compatible client:
 * a real test PKI (`lienthong pki init` + `pki issue`, CRLs served over HTTP), a real database and
 * blob store, the production VXP routes, and the axis trusting the PKI's folder (TRUST_DIR).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createVxpClient, signPackage, VxpError, type VxpClient } from '../../axis-client/index.ts';
import {
  createHttpServer,
  createLogger,
  LocalBlobStore,
  sql,
  type HttpServer,
} from '../../platform/index.ts';
import {
  issueCertificate,
  loadP12Signer,
  loadTrustPolicy,
  verifyEdxmlSignature,
  type Signer,
} from '../../trust/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createTestCa, requireTool, type TestCa } from '../../../test/helpers/pki.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { signatureTemplate } from '../../../test/helpers/xmlsec.ts';
import { buildEdoc } from '../../../test/factories/axis-packages.ts';
import { readEvidenceAfter, toMonitorEvent } from '../../monitor/storage/axis-evidence-source.ts';
import { createAxis, type Axis } from '../index.ts';
import { createStatisticsStore } from '../storage/statistics-store.ts';
import { VXP_ERROR_CODES } from '../vxp/vxp-error-codes.ts';
import { getStatistics } from './get-statistics.ts';
import { registerAgency } from './register-agency.ts';
import { registerSystem } from './register-system.ts';
import { setSignaturePolicy } from './set-signature-policy.ts';
import { createTrustSignatureVerifier } from './trust-signature-verifier.ts';

const run = promisify(execFile);
const HN = '000.00.00.H24'; // sender, policy flag (default)
const NA = '000.00.00.H41'; // require
const QN = '000.00.00.H49'; // refuse-weak
const TQ = '000.00.00.H60'; // flag
const MAX_BYTES = 4 * 1024 * 1024;

let ca: TestCa;
let signer: Signer;
let issued: Awaited<ReturnType<typeof issueCertificate>>;
let database: TestDatabase;
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: HttpServer;
let axis: Axis;
let hanoi: VxpClient;

async function state() {
  const [row] = await database.query<Record<string, number>>(
    sql`select (select count(*)::int from axis.packages) packages, (select count(*)::int from axis.deliveries) deliveries`,
  );
  const files = await readdir(join(dir.path, 'blobs'), { recursive: true }).catch(() => []);
  return { ...row!, blobs: files.filter((f) => /[0-9a-f]{64}$/.test(String(f))).length };
}

async function packageRow(docId: string) {
  const [row] = await database.query<{
    signed: boolean | null;
    signature_status: string | null;
    signature_chain_checked: boolean | null;
    signer_subject: string | null;
    signature_algorithm: string | null;
    signature_weak: boolean | null;
  }>(
    sql`select signed, signature_status, signature_chain_checked, signer_subject, signature_algorithm, signature_weak
        from axis.packages where doc_id = ${docId}`,
  );
  assert.ok(row, `package ${docId} stored`);
  return row;
}

async function acceptedDetails(docId: string): Promise<Record<string, unknown>> {
  const [row] = await database.query<{ details: Record<string, unknown> | string }>(
    sql`select details from axis.evidence where event_type = 'accepted' and doc_id = ${docId}`,
  );
  assert.ok(row, 'accepted event');
  return typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details;
}

async function lastRefusal(): Promise<Record<string, unknown>> {
  const [row] = await database.query<{ details: Record<string, unknown> | string }>(
    sql`select details from axis.evidence where event_type = 'refused' order by seq desc limit 1`,
  );
  assert.ok(row, 'refused event');
  return typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details;
}

/** Sends, expects the VXP ErrorCode of `code`, and checks that no package, delivery or blob was stored. */
async function refused(bytes: Buffer, code: keyof typeof VXP_ERROR_CODES): Promise<Record<string, unknown>> {
  const before = await state();
  const err = await hanoi.sendEdoc(bytes, { from: HN }).then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof VxpError, String(err));
  assert.equal(err.errorCode, VXP_ERROR_CODES[code], err.errorDesc);
  assert.deepEqual(await state(), before, 'a refused package stores nothing');
  const details = await lastRefusal();
  assert.equal(details.code, code);
  return details;
}

/** RSA-SHA1 + SHA-1 digest, signed by xmlsec1 with the issued agency key (the SDK era's algorithms). */
async function signSha1(bytes: Buffer): Promise<Buffer> {
  requireTool('xmlsec1', 'xmlsec1');
  const work = await mkdtemp(join(tmpdir(), 'lt-axis-sha1-'));
  try {
    const template = signatureTemplate({
      signatureMethod: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digestMethod: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
    const xml = bytes.toString('utf8').replace('</edXML:edXMLHeader>', `${template}</edXML:edXMLHeader>`);
    await writeFile(join(work, 'in.xml'), xml);
    await writeFile(join(work, 'key.pem'), issued.privateKeyPem);
    await writeFile(
      join(work, 'cert.pem'),
      [issued.certificate, ...issued.chain].map((c) => c.toString('pem')).join('\n'),
    );
    await run('xmlsec1', [
      '--sign',
      '--privkey-pem',
      `${join(work, 'key.pem')},${join(work, 'cert.pem')}`,
      '--output',
      join(work, 'out.xml'),
      join(work, 'in.xml'),
    ]);
    return await readFile(join(work, 'out.xml'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

describe('package signatures on the axis', () => {
  before(async () => {
    ca = await createTestCa();
    issued = await issueCertificate({
      type: 'agency',
      subject: 'CN=UBND thành phố Hà Nội,O=UBND thành phố Hà Nội,L=Hà Nội,C=VN',
      caDir: ca.dir,
      password: 'mật-khẩu',
    });
    signer = await loadP12Signer(issued.p12, 'mật-khẩu');
    database = await createTestDatabase();
    dir = await tempDir('axis-signatures-');
    axis = createAxis({
      database,
      blobs: new LocalBlobStore(join(dir.path, 'blobs')),
      secretKey: randomBytes(32),
      maxPackageBytes: MAX_BYTES,
      vxpTimestampWindowSeconds: 300,
      trustDir: ca.dir,
    });
    server = await createHttpServer({ logger: createLogger('silent'), bodyLimit: MAX_BYTES });
    await server.register((app) => axis.vxpPlugin(app), { prefix: '/vxp' });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/vxp`;
    for (const [code, name] of [
      [HN, 'UBND thành phố Hà Nội'],
      [NA, 'UBND tỉnh Nghệ An'],
      [QN, 'UBND tỉnh Quảng Ninh'],
      [TQ, 'UBND tỉnh Tuyên Quang'],
    ] as const) {
      await registerAgency(axis.stores, { code, name });
    }
    await setSignaturePolicy(axis.stores, { code: NA, policy: 'require' });
    await setSignaturePolicy(axis.stores, { code: QN, policy: 'refuse-weak' });
    const secret = randomBytes(24).toString('base64');
    await registerSystem(axis.stores, { systemId: 'qlvb.hanoi', secret, agencies: [HN] });
    hanoi = createVxpClient({ endpoint, systemId: 'qlvb.hanoi', secret });
  });

  after(async () => {
    await server?.close();
    await database?.close();
    await dir?.cleanup();
    await ca?.cleanup();
  });

  it('accepts a package the client signs with a certificate of the test hierarchy, and records it valid', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [NA] });
    const result = await hanoi.sendEdoc(bytes, { from: HN, signer });
    const row = await packageRow(result.DocId);
    assert.equal(row.signed, true);
    assert.equal(row.signature_status, 'valid');
    assert.equal(row.signature_chain_checked, true);
    assert.match(row.signer_subject ?? '', /CN=UBND thành phố Hà Nội/);
    assert.equal(row.signature_algorithm, 'RSA-SHA256');
    assert.equal(row.signature_weak, false);

    // The evidence carries the verdict, in the fields the monitor's projector reads (signed, signatureValid).
    const details = await acceptedDetails(result.DocId);
    assert.equal(details.signed, true);
    assert.equal(details.signatureValid, true);
    const signature = details.signature as Record<string, unknown>;
    assert.equal(signature.status, 'valid');
    assert.equal(signature.chainChecked, true);
    assert.equal(signature.algorithm, 'RSA-SHA256');
    assert.equal(signature.policy, 'require');
    assert.match(String(signature.signer), /UBND thành phố Hà Nội/);
  });

  it("the monitor's projector reads the real verdict from the evidence (signed and valid, or not)", async () => {
    const signed = await hanoi.sendEdoc((await buildEdoc({ from: HN, to: [TQ] })).bytes, {
      from: HN,
      signer,
    });
    const unsigned = await hanoi.sendEdoc((await buildEdoc({ from: HN, to: [TQ] })).bytes, { from: HN });
    const events = (await readEvidenceAfter(database.db, 0, 10_000))
      .map((row) => toMonitorEvent(row))
      .filter((e) => e?.type === 'document_sent');
    const find = (docId: string) => events.find((e) => e?.type === 'document_sent' && e.docId === docId);
    assert.deepEqual(
      [find(signed.DocId), find(unsigned.DocId)].map((e) =>
        e?.type === 'document_sent' ? [e.signed, e.signatureValid] : undefined,
      ),
      [
        [true, true],
        [false, false],
      ],
    );
  });

  it('accepts an unsigned package under flag and records it unsigned', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [TQ] });
    const result = await hanoi.sendEdoc(bytes, { from: HN });
    const row = await packageRow(result.DocId);
    assert.equal(row.signed, false);
    assert.equal(row.signature_status, 'unsigned');
    assert.equal(row.signer_subject, null);
    const details = await acceptedDetails(result.DocId);
    assert.equal(details.signed, false);
    assert.equal(details.signatureValid, false);
    assert.equal((details.signature as Record<string, unknown>).policy, 'flag');
  });

  it('refuses an unsigned package addressed to an agency that requires signatures, storing nothing', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [TQ, NA] });
    const details = await refused(bytes, 'axis.signature_required');
    assert.equal(details.policy, 'require');
    assert.deepEqual(details.agencies, [NA]);
    assert.equal(details.signatureStatus, 'unsigned');
  });

  it('refuses a package whose content changed after signing under require, with the problem listed', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [NA], subject: 'Về việc phân bổ kinh phí năm 2026' });
    const signed = (await signPackage(bytes, signer)).input as Buffer;
    const tampered = Buffer.from(
      signed.toString('utf8').replace('phân bổ kinh phí năm 2026', 'phân bổ kinh phí năm 2027'),
    );
    assert.notDeepEqual(tampered, signed);
    const details = await refused(tampered, 'axis.signature_invalid');
    assert.equal(details.signatureStatus, 'invalid');
    const problems = details.problems as { code: string }[];
    assert.ok(
      problems.some((p) => p.code === 'xmldsig.digest_mismatch'),
      JSON.stringify(problems),
    );
  });

  it('refuses RSA-SHA1 under refuse-weak, and accepts the same package under flag recording it weak', async () => {
    const { bytes } = await buildEdoc({ from: HN, to: [QN] });
    const weak = await signSha1(bytes);
    const details = await refused(weak, 'axis.signature_weak');
    assert.equal(details.algorithm, 'RSA-SHA1');
    assert.equal(details.weak, true);

    const other = await buildEdoc({ from: HN, to: [TQ] });
    const accepted = await hanoi.sendEdoc(await signSha1(other.bytes), { from: HN });
    const row = await packageRow(accepted.DocId);
    assert.equal(row.signed, true);
    assert.equal(row.signature_status, 'valid');
    assert.equal(row.signature_algorithm, 'RSA-SHA1');
    assert.equal(row.signature_weak, true);
  });

  it("applies the sender's own policy too: an agency set to require cannot send unsigned", async () => {
    await setSignaturePolicy(axis.stores, { code: HN, policy: 'require' });
    try {
      const { bytes } = await buildEdoc({ from: HN, to: [TQ] });
      const details = await refused(bytes, 'axis.signature_required');
      assert.deepEqual(details.agencies, [HN]);
      const ok = await hanoi.sendEdoc(bytes, { from: HN, signer });
      assert.equal((await packageRow(ok.DocId)).signature_status, 'valid');
    } finally {
      await setSignaturePolicy(axis.stores, { code: HN, policy: 'flag' });
    }
  });

  it("applies the successor's policy to a document addressed to a retired agency", async () => {
    const HG = '000.00.00.H22';
    await registerAgency(axis.stores, {
      code: HG,
      name: 'UBND tỉnh Hà Giang',
      successorCode: NA,
      status: 'retired',
    });
    const { bytes } = await buildEdoc({ from: HN, to: [HG] });
    const details = await refused(bytes, 'axis.signature_required');
    assert.deepEqual(details.agencies, [NA]);
    const ok = await hanoi.sendEdoc(bytes, { from: HN, signer });
    assert.equal((await packageRow(ok.DocId)).signature_status, 'valid');
  });

  it('refuses an unknown policy and an unknown agency', async () => {
    await assert.rejects(setSignaturePolicy(axis.stores, { code: NA, policy: 'maybe' }), {
      code: 'axis.request_invalid',
    });
    await assert.rejects(setSignaturePolicy(axis.stores, { code: '000.00.00.Z99', policy: 'require' }), {
      code: 'axis.agency_unknown',
    });
  });

  it('statistics show the share of packages signed and the share signed and valid', async () => {
    const [counts] = await database.query<{ sent: number; signed: number; valid: number }>(
      sql`select count(*)::int sent, count(*) filter (where signed)::int signed,
                 count(*) filter (where signature_status = 'valid')::int valid
          from axis.packages where kind = 'edoc'`,
    );
    assert.ok(counts && counts.sent >= 4 && counts.signed > 0 && counts.signed < counts.sent);
    const stats = await getStatistics(
      { statistics: createStatisticsStore(database), clock: axis.stores.clock },
      { groupBy: 'agency', period: 'month' },
    );
    const hanoiRows = stats.rows.filter((r) => r.agencyCode === HN);
    assert.equal(hanoiRows.length, 1);
    const row = hanoiRows[0]!;
    assert.equal(row.sent, counts.sent);
    assert.equal(row.signedShare, counts.signed / counts.sent);
    assert.equal(row.signedValidShare, counts.valid / counts.sent);
    assert.ok(!stats.notes.some((n) => n.includes('signedShare and signedValidShare are null')));

    // Rows written in bulk without a verdict column (src/demo history) still count by signature_flags.
    await database.query(sql`
      insert into axis.packages (doc_id, sender_system, from_organ_id, kind, sha256, size, recipients_key,
        trace_insert_offset, trace_xml, signature_flags)
      values ('legacy-1', 'demo', ${TQ}, 'edoc', ${'0'.repeat(64)}, 1, ${NA}, 0, '', '{"signed": true, "valid": false}')`);
    const again = await getStatistics(
      { statistics: createStatisticsStore(database), clock: axis.stores.clock },
      { groupBy: 'agency', period: 'month' },
    );
    const legacy = again.rows.find((r) => r.agencyCode === TQ);
    assert.equal(legacy?.sent, 1);
    assert.equal(legacy?.signedShare, 1);
    assert.equal(legacy?.signedValidShare, 0);
  });

  it('the axis-client signer produces packages that verify, from bytes, a file and a stream', async () => {
    const policy = await loadTrustPolicy(ca.dir);
    const { bytes } = await buildEdoc({ from: HN, to: [TQ], attachmentBytes: 200_000 });
    const work = await mkdtemp(join(tmpdir(), 'lt-axis-sign-'));
    try {
      await writeFile(join(work, 'in.edxml'), bytes);
      for (const input of [bytes, { path: join(work, 'in.edxml') }, Readable.from([bytes])]) {
        const signed = await signPackage(input, signer);
        try {
          const out =
            signed.input instanceof Uint8Array ? signed.input : (signed.input as { path: string }).path;
          const report = await verifyEdxmlSignature(typeof out === 'string' ? await readFile(out) : out, {
            policy,
          });
          assert.equal(report.status, 'valid', JSON.stringify(report.problems));
          assert.equal(report.algorithm?.signature, 'RSA-SHA256');
        } finally {
          await signed.dispose();
        }
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('without a trust folder, a signature is checked for integrity only and says the chain was not checked', async () => {
    const verifier = createTrustSignatureVerifier();
    assert.equal(verifier.chainChecked, false);
    const { bytes } = await buildEdoc({ from: HN, to: [TQ] });
    const signed = (await signPackage(bytes, signer)).input as Buffer;
    const good = await verifier.verify(Readable.from([signed]));
    assert.equal(good.status, 'valid', JSON.stringify(good.problems));
    assert.equal(good.chainChecked, false);
    assert.ok(good.problems.some((p) => p.code === 'axis.chain_not_checked'));
    assert.ok(!good.problems.some((p) => p.code.startsWith('certificate.')));
    const bad = await verifier.verify(
      Readable.from([Buffer.from(signed.toString('utf8').replace('thử nghiệm', 'thu nghiem'))]),
    );
    assert.equal(bad.status, 'invalid');
    assert.ok(bad.problems.some((p) => p.code === 'xmldsig.digest_mismatch'));
    const unsigned = await verifier.verify(Readable.from([bytes]));
    assert.equal(unsigned.status, 'unsigned');
    assert.equal(unsigned.signed, false);
  });
});
