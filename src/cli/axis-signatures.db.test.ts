/**
 * The signature commands of the axis as real processes (issue 4): `lienthong axis agencies
 * set-signature-policy` / `list`, and `lienthong axis send --p12 --password` against a real axis over
 * HTTP that requires signatures and trusts the test PKI.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setSignaturePolicy } from '../axis/index.ts';
import { sql } from '../platform/index.ts';
import { issueCertificate } from '../trust/index.ts';
import { openCliWorld, type CliWorld } from '../../test/helpers/cli.ts';
import { createTestCa, type TestCa } from '../../test/helpers/pki.ts';
import { startAxisHarness, type AxisHarness, type TestSystem } from '../../test/e2e-axis/harness.ts';
import { buildEdoc } from '../../test/factories/axis-packages.ts';

const HN = '000.00.00.H24';
const NA = '000.00.00.H41';

let world: CliWorld;
const cli = (...args: string[]) => world.cli(...args);

describe('lienthong axis: signature policy and signed sends', () => {
  before(async () => {
    world = await openCliWorld('axis-sig-cli-');
  });
  after(async () => {
    await world.close();
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
    let axis: AxisHarness;
    let hanoi: TestSystem;

    before(async () => {
      ca = await createTestCa();
      // A real axis over HTTP that trusts the test PKI and requires signatures for Nghệ An.
      axis = await startAxisHarness({ maxPackageBytes: 4 * 1024 * 1024, trustDir: ca.dir });
      await axis.addAgency(HN, 'UBND thành phố Hà Nội');
      await axis.addAgency(NA, 'UBND tỉnh Nghệ An');
      await setSignaturePolicy(axis.axis.stores, { code: NA, policy: 'require' });
      hanoi = await axis.addSystem('qlvb.hanoi', [HN]);
    });
    after(async () => {
      await axis?.close();
      await ca?.cleanup();
    });

    it('signs with the PKCS#12 key before sending; the same package unsigned is refused', async () => {
      const p12 = join(world.dir, 'van-thu-ha-noi.p12');
      await issueCertificate({
        type: 'agency',
        subject: 'CN=UBND thành phố Hà Nội,O=UBND thành phố Hà Nội,C=VN',
        caDir: ca.dir,
        password: 'mật-khẩu',
        out: p12,
      });
      const file = join(world.dir, 'cong-van.edxml');
      await writeFile(file, (await buildEdoc({ from: HN, to: [NA] })).bytes);
      const connection = [
        '--endpoint',
        axis.vxpEndpoint,
        '--system',
        hanoi.systemId,
        '--secret',
        hanoi.secret,
      ];

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
      const [row] = await axis.database.query<{ signature_status: string; signature_algorithm: string }>(
        sql`select signature_status, signature_algorithm from axis.packages where doc_id = ${result.docId}`,
      );
      assert.deepEqual(row, { signature_status: 'valid', signature_algorithm: 'RSA-SHA256' });

      const badPassword = await cli('axis', 'send', file, ...connection, '--p12', p12, '--password', 'sai');
      assert.equal(badPassword.code, 1);
    });
  });
});
