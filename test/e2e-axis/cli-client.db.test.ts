/** `lienthong axis send|inbox|fetch|ack|status` against a real axis, as an agency clerk would script them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../helpers/temp-dir.ts';
import { startAxisHarness, type TestSystem } from './harness.ts';
import { buildEdoc } from '../factories/axis-packages.ts';

const run = promisify(execFile);
const G22 = '000.00.00.G22';
const H53 = '000.00.00.H53';

async function cli(system: TestSystem, endpoint: string, args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(
    process.execPath,
    ['bin/lienthong.js', '--json', 'axis', ...args, '--endpoint', endpoint, '--system', system.systemId],
    { env: { ...process.env, LIENTHONG_AXIS_SECRET: system.secret, ...env }, cwd: process.cwd() },
  );
  return JSON.parse(stdout) as unknown;
}

void test('the CLI sends, lists, fetches, acknowledges and answers with a status package', async () => {
  const h = await startAxisHarness();
  const dir = await tempDir('axis-cli-');
  try {
    await h.addAgency(G22, 'Văn phòng Chính phủ');
    await h.addAgency(H53, 'UBND tỉnh Nghệ An');
    const vpcp = await h.addSystem('vpcp.qlvb', [G22]);
    const nghean = await h.addSystem('nghean.qlvb', [H53]);
    const { bytes, documentId } = await buildEdoc({
      from: G22,
      to: [H53],
      subject: 'Công văn gửi bằng dòng lệnh',
    });
    const file = join(dir.path, 'cong-van.edxml');
    await writeFile(file, bytes);

    const sent = (await cli(vpcp, h.vxpEndpoint, ['send', file])) as { docId: string; from: string };
    assert.equal(sent.from, G22);
    const inbox = (await cli(nghean, h.vxpEndpoint, ['inbox'])) as { docId: string; from: string }[];
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0]!.from, G22);
    const receiverDocId = inbox[0]!.docId;

    const out = join(dir.path, 'nhan.edxml');
    await cli(nghean, h.vxpEndpoint, ['fetch', receiverDocId, '-o', out]);
    assert.match(await readFile(out, 'utf8'), /Công văn gửi bằng dòng lệnh/);
    await cli(nghean, h.vxpEndpoint, ['ack', receiverDocId]);
    assert.deepEqual(await cli(nghean, h.vxpEndpoint, ['inbox']), []);

    const status = (await cli(nghean, h.vxpEndpoint, [
      'status',
      receiverDocId,
      '--code',
      '03',
      '--description',
      'Đã vào sổ',
    ])) as {
      statusCode: string;
      responseFor: string;
    };
    assert.equal(status.responseFor, documentId);
    const statuses = (await cli(vpcp, h.vxpEndpoint, ['inbox', '--type', 'status'])) as { from: string }[];
    assert.equal(statuses.length, 1);
    assert.equal(statuses[0]!.from, H53);
    const [row] = await vpcp.vxp.getSentEdocList(sent.docId);
    assert.equal(row!.receiveStatus, '03');

    // Wrong secret: exit 1 with the server's error, nothing printed on stdout.
    await assert.rejects(
      cli(nghean, h.vxpEndpoint, ['inbox'], { LIENTHONG_AXIS_SECRET: 'sai-khoa-bi-mat-hoan-toan' }),
      (err: { code?: number; stdout?: string }) => {
        assert.equal(err.code, 1);
        assert.match(err.stdout ?? '', /axis_client\.vxp_failed/);
        return true;
      },
    );
  } finally {
    await h.close();
    await dir.cleanup();
  }
});
