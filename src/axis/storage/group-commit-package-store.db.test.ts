import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createAxis } from '../index.ts';
import { sendPackage } from '../use-cases/send-package.ts';
import { registerAgency } from '../use-cases/register-agency.ts';
import { verifyEvidence } from '../use-cases/verify-evidence.ts';
import { LocalBlobStore } from '../../platform/index.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { buildEdoc, buildStatus } from '../../../test/factories/axis-packages.ts';

const G22 = '000.00.00.G22';
const H53 = '000.00.00.H53';

void test('concurrent sends are grouped into shared commits and each caller still gets its exact outcome', async () => {
  const database = await createTestDatabase();
  const dir = await tempDir('group-commit-');
  try {
    const axis = createAxis({
      database,
      blobs: new LocalBlobStore(`${dir.path}/blobs`),
      secretKey: randomBytes(32),
      maxPackageBytes: 1e7,
      vxpTimestampWindowSeconds: 900,
    });
    await registerAgency(axis.stores, { code: G22, name: 'Văn phòng Chính phủ' });
    await registerAgency(axis.stores, { code: H53, name: 'UBND tỉnh Nghệ An' });
    const send = (bytes: Buffer, agency = G22) =>
      sendPackage(axis.stores, {
        system: { systemId: 'sys', agencies: [agency] },
        body: (async function* () {
          yield bytes;
        })(),
        maxBytes: 1e7,
        axisOrganId: G22,
      });
    const docs = await Promise.all(Array.from({ length: 30 }, () => buildEdoc({ from: G22, to: [H53] })));
    const repeated = docs[0]!.bytes;
    // 30 distinct packages and the first one 6 more times, all at once.
    const results = await Promise.all([
      ...docs.map((d) => send(d.bytes)),
      ...Array.from({ length: 6 }, () => send(repeated)),
    ]);
    const firstDocId = results[0]!.docId;
    for (const r of results.slice(30)) assert.equal(r.docId, firstDocId);
    assert.equal(new Set(results.map((r) => r.docId)).size, 30);
    const [count] = await database.query<{ n: string }>(sql`select count(*)::text as n from axis.deliveries`);
    assert.equal(Number(count!.n), 30);
    // Statuses for different documents in the same batches, plus a refused one among them.
    const statuses = await Promise.all([
      ...docs.slice(0, 10).map(async (d) =>
        send(
          await buildStatus({
            from: H53,
            responseFor: { organId: G22, documentId: d.documentId },
            statusCode: '01',
          }),
          H53,
        ),
      ),
      buildStatus({
        from: H53,
        responseFor: { organId: G22, documentId: docs[20]!.documentId },
        statusCode: '06',
      }).then((b) =>
        send(b, H53).then(
          () => 'accepted',
          (err: { code?: string }) => err.code,
        ),
      ),
    ]);
    assert.equal(statuses[10], 'axis.status_transition_invalid');
    const [events] = await database.query<{ n: string }>(
      sql`select count(*)::text as n from axis.status_events`,
    );
    assert.equal(Number(events!.n), 10);
    const check = await verifyEvidence(axis.stores);
    assert.equal(check.valid, true);
  } finally {
    await database.close();
    await dir.cleanup();
  }
});
