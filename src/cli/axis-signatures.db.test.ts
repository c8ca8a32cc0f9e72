/**
 * The signature commands of the axis as real processes (issue 4): `lienthong axis agencies
 * set-signature-policy` / `list`, and `lienthong axis send --p12 --password` against a real axis over
 * HTTP that requires signatures and trusts the test PKI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createAxis, registerAgency, registerSystem, setSignaturePolicy, type Axis } from '../axis/index.ts';
import { createHttpServer, createLogger, LocalBlobStore, sql, type HttpServer } from '../platform/index.ts';
import { issueCertificate } from '../trust/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { createTestCa, type TestCa } from '../../test/helpers/pki.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';
import { buildEdoc } from '../../test/factories/axis-packages.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/lienthong.js');
const HN = '000.00.00.H24';
const NA = '000.00.00.H41';

let dir: Awaited<ReturnType<typeof tempDir>>;
let cliDatabase: TestDatabase | undefined;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SECRET_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'silent',
};

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, '--data', dir.path, ...args], {
      env,
      timeout: 120_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('lienthong axis: signature policy and signed sends', () => {
  before(async () => {
    dir = await tempDir('axis-sig-cli-');
    if (process.env.DATABASE_URL) {
      cliDatabase = await createTestDatabase({ migrate: false });
      env.DATABASE_URL = cliDatabase.url;
    } else {
      delete env.DATABASE_URL;
    }
  });
  after(async () => {
    await cliDatabase?.close();
    await dir.cleanup();
  });

  it('sets an agency signature policy and shows it in agencies list', async () => {
    const added = await cli('axis', 'agencies', 'add', '--code', NA, '--name', 'UBND tỉnh Nghệ An');
    assert.equal(added.code, 0, added.stderr);
    const set = await cli('--json', 'axis', 'agencies', 'set-signature-policy', NA, 'require');
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout), { code: NA, signaturePolicy: 'require' });
    const listed = JSON.parse((await cli('--json', 'axis', 'agencies', 'list')).stdout) as {
      code: string;
      signaturePolicy: string;
    }[];
    assert.equal(listed.find((a) => a.code === NA)?.signaturePolicy, 'require');
    const table = await cli('axis', 'agencies', 'list');
    assert.match(table.stdout, /CHỮ KÝ \/ SIGNATURE/);
    assert.match(table.stdout, new RegExp(`${NA.replaceAll('.', '\\.')}\\s+1\\s+active\\s+require`));

    const wrong = await cli('axis', 'agencies', 'set-signature-policy', NA, 'sometimes');
    assert.equal(wrong.code, 2, 'a policy outside flag|refuse-weak|require is a usage error');
    const unknown = await cli('--json', 'axis', 'agencies', 'set-signature-policy', '000.00.00.Z99', 'flag');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr + unknown.stdout, /axis\.agency_unknown/);
  });

  describe('axis send --p12', () => {
    let ca: TestCa;
    let database: TestDatabase;
    let blobsDir: Awaited<ReturnType<typeof tempDir>>;
    let server: HttpServer;
    let axis: Axis;
    let endpoint: string;
    const secret = randomBytes(24).toString('base64');

    before(async () => {
      ca = await createTestCa();
      database = await createTestDatabase();
      blobsDir = await tempDir('axis-sig-cli-blobs-');
      axis = createAxis({
        database,
        blobs: new LocalBlobStore(blobsDir.path),
        secretKey: randomBytes(32),
        maxPackageBytes: 4 * 1024 * 1024,
        vxpTimestampWindowSeconds: 300,
        trustDir: ca.dir,
      });
      server = await createHttpServer({ logger: createLogger('silent'), bodyLimit: 4 * 1024 * 1024 });
      await server.register((app) => axis.vxpPlugin(app), { prefix: '/vxp' });
      await server.listen({ port: 0, host: '127.0.0.1' });
      const address = server.server.address();
      endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/vxp`;
      await registerAgency(axis.stores, { code: HN, name: 'UBND thành phố Hà Nội' });
      await registerAgency(axis.stores, { code: NA, name: 'UBND tỉnh Nghệ An' });
      await setSignaturePolicy(axis.stores, { code: NA, policy: 'require' });
      await registerSystem(axis.stores, { systemId: 'qlvb.hanoi', secret, agencies: [HN] });
    });
    after(async () => {
      await server?.close();
      await database?.close();
      await blobsDir?.cleanup();
      await ca?.cleanup();
    });

    it('signs with the PKCS#12 key before sending; the same package unsigned is refused', async () => {
      const p12 = join(dir.path, 'van-thu-ha-noi.p12');
      await issueCertificate({
        type: 'agency',
        subject: 'CN=UBND thành phố Hà Nội,O=UBND thành phố Hà Nội,C=VN',
        caDir: ca.dir,
        password: 'mật-khẩu',
        out: p12,
      });
      const file = join(dir.path, 'cong-van.edxml');
      await writeFile(file, (await buildEdoc({ from: HN, to: [NA] })).bytes);
      const connection = ['--endpoint', endpoint, '--system', 'qlvb.hanoi', '--secret', secret];

      const unsigned = await cli('--json', 'axis', 'send', file, ...connection);
      assert.equal(unsigned.code, 1, unsigned.stdout);
      assert.match(unsigned.stderr + unsigned.stdout, /35|signature/i);

      const sent = await cli(
        '--json',
        'axis',
        'send',
        file,
        ...connection,
        '--p12',
        p12,
        '--password',
        'mật-khẩu',
      );
      assert.equal(sent.code, 0, sent.stderr);
      const result = JSON.parse(sent.stdout) as { docId: string; signedBy: string };
      assert.match(result.signedBy, /UBND thành phố Hà Nội/);
      const [row] = await database.query<{ signature_status: string; signature_algorithm: string }>(
        sql`select signature_status, signature_algorithm from axis.packages where doc_id = ${result.docId}`,
      );
      assert.deepEqual(row, { signature_status: 'valid', signature_algorithm: 'RSA-SHA256' });

      const badPassword = await cli('axis', 'send', file, ...connection, '--p12', p12, '--password', 'sai');
      assert.equal(badPassword.code, 1);
    });
  });
});
