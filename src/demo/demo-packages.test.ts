import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePackageSync, validatePackage } from '../standards/index.ts';
import { buildDemoDocument, buildDemoStatus } from './demo-packages.ts';

const from = { code: '000.00.00.G22', name: 'Văn phòng Chính phủ' };
const to = [{ code: '000.00.00.H41', name: 'Ủy ban nhân dân tỉnh Nghệ An' }];

test('every demo document type builds a package the standards validator accepts (the axis would refuse it otherwise)', async () => {
  for (let i = 0; i < 5; i += 1) {
    for (const paper of [false, true]) {
      const doc = await buildDemoDocument({
        from,
        to,
        paper,
        dueDate: new Date(),
        now: new Date(),
        pick: (n) => i % n,
      });
      const pkg = parsePackageSync(doc.bytes).package;
      const errors = validatePackage(pkg).findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], `type #${i}`);
      assert.equal(pkg.header.documentId, doc.documentId);
      assert.equal(pkg.kind === 'edoc' && pkg.header.bussiness?.paper, paper ? '1' : '0');
    }
  }
});

test('demo status packages validate too', async () => {
  for (const statusCode of ['01', '02', '03', '04', '05', '06', '13', '15']) {
    const bytes = await buildDemoStatus({
      from,
      responseFor: { organId: to[0]!.code, documentId: 'x,2026/01/01,1' },
      statusCode,
      now: new Date(),
    });
    const errors = validatePackage(parsePackageSync(bytes).package).findings.filter(
      (f) => f.severity === 'error',
    );
    assert.deepEqual(errors, [], statusCode);
  }
});
