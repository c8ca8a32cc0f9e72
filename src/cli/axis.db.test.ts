/** The `lienthong axis` registry and evidence commands, run as a real process against a real database. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openCliWorld, type CliWorld } from '../../test/helpers/cli.ts';
import { SEED_AGENCIES_FILE } from '../axis/index.ts';

let world: CliWorld;
const cli = (...args: string[]) => world.cli(...args);

describe('lienthong axis (registry CLI)', () => {
  before(async () => {
    world = await openCliWorld('axis-cli-');
  });
  after(async () => {
    await world.close();
  });

  it('imports the level-1 seed, lists agencies, registers a SaaS system and never prints its secret', async () => {
    const imported = await cli('--json', 'axis', 'agencies', 'import', SEED_AGENCIES_FILE);
    assert.equal(imported.code, 0, imported.stderr);
    const counts = JSON.parse(imported.stdout) as { total: number; inserted: number };
    assert.ok(counts.total >= 80);
    const listed = JSON.parse((await cli('--json', 'axis', 'agencies', 'list', '--level', '1')).stdout) as {
      code: string;
      name: string;
    }[];
    assert.ok(listed.some((a) => a.code === '000.00.00.G22' && a.name === 'Văn phòng Chính phủ'));

    const child = await cli(
      'axis',
      'agencies',
      'add',
      '--code',
      '000.00.12.H41',
      '--name',
      'Sở Nội vụ tỉnh Nghệ An',
      '--parent',
      '000.00.00.H41',
    );
    assert.equal(child.code, 0, child.stderr);
    assert.match(child.stdout, /cấp \/ level 2/);

    const secret = 'mot-khoa-bi-mat-du-dai-123';
    const added = await cli(
      'axis',
      'systems',
      'add',
      '--id',
      'vxp.saas.02',
      '--secret',
      secret,
      '--agency',
      '000.00.00.H41',
      '--agency',
      '000.00.00.H49',
    );
    assert.equal(added.code, 0, added.stderr);
    const systems = await cli('--json', 'axis', 'systems', 'list');
    assert.ok(!systems.stdout.includes(secret));
    assert.deepEqual((JSON.parse(systems.stdout) as { agencies: string[] }[])[0]!.agencies, [
      '000.00.00.H41',
      '000.00.00.H49',
    ]);

    const rotated = await cli('axis', 'systems', 'rotate-secret', 'vxp.saas.02');
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout.trim(), /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!(await cli('--json', 'axis', 'systems', 'list')).stdout.includes(rotated.stdout.trim()));
  });

  it('refuses bad input with a clear error and exit code 1', async () => {
    const short = await cli(
      'axis',
      'systems',
      'add',
      '--id',
      'x',
      '--secret',
      'short',
      '--agency',
      '000.00.00.H41',
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /axis\.secret_invalid/);
    const bad = join(world.dir, 'bad.csv');
    await writeFile(bad, 'code,name\n000.00.00.H99,Tỉnh thử\n,Không có mã\n');
    const importBad = await cli('axis', 'agencies', 'import', bad);
    assert.equal(importBad.code, 1);
    assert.match(importBad.stderr, /axis\.import_invalid/);
    const missing = await cli('axis', 'systems', 'add', '--id', 'y');
    assert.equal(missing.code, 2);
  });

  it('verifies the evidence chain and exports nothing for an unknown docId', async () => {
    const verified = await cli('--json', 'axis', 'evidence', 'verify');
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal((JSON.parse(verified.stdout) as { valid: boolean }).valid, true);
    const exported = await cli('axis', 'evidence', 'export', '01900000-0000-7000-8000-000000000000');
    assert.equal(exported.code, 1);
    assert.match(exported.stderr, /axis\.not_found/);
  });
});
