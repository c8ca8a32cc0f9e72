/**
 * Signatures over the REST API (issue 4): the REST send goes through the same ingest check as VXP.
 * The harness axis has no trust folder, so verdicts are integrity-only ("chain not checked").
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AxisRestError } from '../../src/axis-client/index.ts';
import { setSignaturePolicy } from '../../src/axis/index.ts';
import { sql } from '../../src/platform/index.ts';
import { buildEdoc } from '../factories/axis-packages.ts';
import { createTestPki, signerFor } from '../helpers/signing-pki.ts';
import { startAxisHarness } from './harness.ts';

const G22 = '000.00.00.G22';
const H41 = '000.00.00.H41';
const H53 = '000.00.00.H53';

void test('REST send: signed by the client, unsigned refused where required, shares in /stats', async () => {
  const h = await startAxisHarness();
  try {
    await h.addAgency(G22, 'Văn phòng Chính phủ');
    await h.addAgency(H41, 'UBND tỉnh Nghệ An');
    await h.addAgency(H53, 'UBND tỉnh Quảng Trị');
    await setSignaturePolicy(h.axis.stores, { code: H41, policy: 'require' });
    const vpcp = await h.addSystem('qlvb.vpcp', [G22]);
    const pki = await createTestPki();
    const signer = signerFor(await pki.issue({ subject: 'CN=Văn phòng Chính phủ,O=Chính phủ,C=VN' }), [
      pki.issuing.certificate,
    ]);

    const signed = await vpcp.rest.send((await buildEdoc({ from: G22, to: [H41] })).bytes, { signer });
    const [row] = await h.database.query<{
      signed: boolean;
      signature_status: string;
      signature_chain_checked: boolean;
      signer_subject: string;
    }>(
      sql`select signed, signature_status, signature_chain_checked, signer_subject from axis.packages where doc_id = ${signed.docId}`,
    );
    assert.deepEqual(row, {
      signed: true,
      signature_status: 'valid',
      signature_chain_checked: false,
      signer_subject: 'CN=Văn phòng Chính phủ, O=Chính phủ, C=VN',
    });

    const [before] = await h.database.query<{ n: number }>(sql`select count(*)::int n from axis.packages`);
    const err = await vpcp.rest.send((await buildEdoc({ from: G22, to: [H41] })).bytes).then(
      () => assert.fail('an unsigned package to an agency that requires signatures must be refused'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AxisRestError, String(err));
    assert.equal(err.httpStatus, 422);
    assert.equal(err.serverCode, 'axis.signature_required');
    assert.equal(err.serverDetails.policy, 'require');
    const [after] = await h.database.query<{ n: number }>(sql`select count(*)::int n from axis.packages`);
    assert.equal(after!.n, before!.n);

    // The registry tells sending systems which agencies require signatures.
    assert.equal((await vpcp.rest.agency(H41)).signaturePolicy, 'require');
    assert.equal((await vpcp.rest.agency(H53)).signaturePolicy, 'flag');

    await vpcp.rest.send((await buildEdoc({ from: G22, to: [H53] })).bytes);
    const { rows } = await vpcp.rest.stats({ groupBy: 'agency', period: 'month' });
    const sent = rows.find((r) => r.agencyCode === G22);
    assert.equal(sent?.sent, 2);
    assert.equal(sent?.signedShare, 0.5);
    assert.equal(sent?.signedValidShare, 0.5);
  } finally {
    await h.close();
  }
});
