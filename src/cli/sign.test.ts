import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sealPng, signaturePng } from '../../test/helpers/png.ts';
import { createEndEntity, findSignatureFields, readCaConfig } from '../trust/index.ts';

const run = promisify(execFile);
const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures/edxml/vxp-sdk');

let dir: string;

/** Runs the real CLI (`node bin/lienthong.js …`) and returns its exit code and output. */
async function lienthong(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return lienthongWithEnv({}, ...args);
}

async function lienthongWithEnv(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node_modules/.bin/node', ['bin/lienthong.js', ...args], {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lt-cli-sign-'));
  const ca = join(dir, 'ca');
  assert.equal((await lienthong('pki', 'init', ca)).code, 0);
  for (const [type, subject, file] of [
    ['agency', 'CN=UBND tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN', 'agency.p12'],
    ['person', 'CN=Nguyễn Văn An,O=UBND tỉnh Nghệ An,C=VN', 'leader.p12'],
  ] as const) {
    const issued = await lienthong(
      'pki',
      'issue',
      '--type',
      type,
      '--subject',
      subject,
      '--ca',
      ca,
      '--out',
      join(dir, file),
      '--password',
      'mật-khẩu',
    );
    assert.equal(issued.code, 0, issued.stderr);
  }
  const unsigned = (await readFile(join(FIXTURES, 'edoc_new.edxml'), 'utf8')).replace(
    /\s*<Signature>[\s\S]*<\/Signature>/,
    '',
  );
  await writeFile(join(dir, 'package.edxml'), unsigned);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText('CHU TICH', { x: 330, y: 220, size: 12, font });
  await writeFile(join(dir, 'document.pdf'), await doc.save());
  await writeFile(join(dir, 'signature.png'), signaturePng());
  await writeFile(join(dir, 'seal.png'), sealPng());
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('lienthong sign/verify on an edXML package: exit 0 when valid, xmlsec1 agrees, exit 1 once tampered', async () => {
  const signed = join(dir, 'signed.edxml');
  const p12 = ['--p12', join(dir, 'agency.p12'), '--password', 'mật-khẩu'];
  const result = await lienthong('sign', join(dir, 'package.edxml'), '-o', signed, ...p12);
  assert.equal(result.code, 0, result.stderr);

  const verified = await lienthong('verify', signed, '--trust', join(dir, 'ca'), '--offline', '--json');
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  const report = JSON.parse(verified.stdout) as { status: string; kind: string; signer: { subject: string } };
  assert.equal(report.status, 'valid');
  assert.equal(report.kind, 'edxml');
  assert.match(report.signer.subject, /UBND tỉnh Nghệ An/);

  const text = await lienthong('verify', signed, '--trust', join(dir, 'ca'), '--offline');
  assert.match(text.stdout, /HỢP LỆ \/ VALID/);

  const xmlsec = await run('xmlsec1', [
    '--verify',
    '--trusted-pem',
    join(dir, 'ca', 'government-root.pem'),
    '--untrusted-pem',
    join(dir, 'ca', 'government-issuing-ca.pem'),
    signed,
  ]);
  assert.match(xmlsec.stdout + xmlsec.stderr, /^OK/m);

  const tampered = join(dir, 'tampered.edxml');
  await writeFile(tampered, (await readFile(signed, 'utf8')).replace('000.00.00.A80', '000.00.00.A81'));
  const refused = await lienthong('verify', tampered, '--trust', join(dir, 'ca'), '--offline');
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /xmldsig\.digest_mismatch/);
  assert.match(refused.stdout, /KHÔNG HỢP LỆ \/ INVALID/);

  const unsigned = await lienthong(
    'verify',
    join(dir, 'package.edxml'),
    '--trust',
    join(dir, 'ca'),
    '--offline',
  );
  assert.equal(unsigned.code, 1);
});

test('lienthong sign on a PDF: leader then agency (incremental), verify reports both signatures', async () => {
  const first = join(dir, 'signed-1.pdf');
  const second = join(dir, 'signed-2.pdf');
  let result = await lienthong(
    'sign',
    join(dir, 'document.pdf'),
    '-o',
    first,
    '--p12',
    join(dir, 'leader.p12'),
    '--password',
    'mật-khẩu',
    '--role',
    'leader',
    '--image',
    join(dir, 'signature.png'),
    '--rect',
    '320,150,130,55',
  );
  assert.equal(result.code, 0, result.stderr);
  result = await lienthong(
    'sign',
    first,
    '-o',
    second,
    '--p12',
    join(dir, 'agency.p12'),
    '--password',
    'mật-khẩu',
    '--role',
    'agency',
    '--seal',
    join(dir, 'seal.png'),
  );
  assert.equal(result.code, 0, result.stderr);
  const verified = await lienthong('verify', second, '--trust', join(dir, 'ca'), '--offline', '--json');
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  const report = JSON.parse(verified.stdout) as {
    status: string;
    signatures: { status: string; modifiedAfter: string }[];
  };
  // The leader's image sits where --rect put it; the seal overlaps its left third (Appendix I).
  const fields = findSignatureFields(await PDFDocument.load(await readFile(second)));
  assert.deepEqual(fields[0]?.rect, [320, 150, 130, 55], JSON.stringify(fields.map((f) => f.rect)));
  assert.ok(
    Math.abs((fields[1]?.rect?.[0] ?? 0) + (fields[1]?.rect?.[2] ?? 0) - (320 + 130 / 3)) < 1,
    JSON.stringify(fields.map((f) => f.rect)),
  );
  assert.deepEqual(
    report.signatures.map((s) => [s.status, s.modifiedAfter]),
    [
      ['valid', 'signatures-only'],
      ['valid', 'none'],
    ],
    verified.stdout,
  );
});

test('wrong usage exits 2; a file that is neither edXML nor PDF exits 1 with a clear error', async () => {
  const usage = await lienthong('sign', join(dir, 'package.edxml'), '-o', join(dir, 'x.edxml'));
  assert.equal(usage.code, 2);
  await writeFile(join(dir, 'notes.txt'), 'xin chào');
  const unknown = await lienthong(
    'sign',
    join(dir, 'notes.txt'),
    '-o',
    join(dir, 'y'),
    '--p12',
    join(dir, 'agency.p12'),
    '--password',
    'mật-khẩu',
  );
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /trust\.unsupported_input/);
});

test('lienthong sign --pkcs11: the key stays on a SoftHSM2 token (like an agency USB token), for edXML and PDF', async () => {
  const module = '/usr/lib/softhsm/libsofthsm2.so';
  const pin = '246810';
  const token = 'Văn thư UBND';
  const softhsm = join(dir, 'softhsm');
  await run('mkdir', ['-p', join(softhsm, 'tokens')]);
  const conf = join(softhsm, 'softhsm2.conf');
  await writeFile(
    conf,
    `directories.tokendir = ${join(softhsm, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  const env = { SOFTHSM2_CONF: conf };
  await run(
    'softhsm2-util',
    ['--init-token', '--free', '--label', token, '--pin', pin, '--so-pin', '13579135'],
    { env: { ...process.env, ...env } },
  );
  const ca = join(dir, 'ca');
  const issued = await createEndEntity(ca, await readCaConfig(ca), 'government', {
    type: 'agency',
    subject: 'CN=Văn phòng UBND tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN',
  });
  await writeFile(join(softhsm, 'seal.key.pem'), issued.privateKeyPem);
  await writeFile(join(softhsm, 'seal.der'), new Uint8Array(issued.certificate.rawData));
  await run(
    'softhsm2-util',
    [
      '--import',
      join(softhsm, 'seal.key.pem'),
      '--token',
      token,
      '--label',
      'seal',
      '--id',
      '02',
      '--pin',
      pin,
    ],
    {
      env: { ...process.env, ...env },
    },
  );
  await run(
    'pkcs11-tool',
    [
      '--module',
      module,
      '--token-label',
      token,
      '--login',
      '--pin',
      pin,
      '--write-object',
      join(softhsm, 'seal.der'),
      '--type',
      'cert',
      '--id',
      '02',
      '--label',
      'seal',
    ],
    { env: { ...process.env, ...env } },
  );
  const key = ['--pkcs11', module, '--token-label', token, '--pin', pin, '--key-label', 'seal'];
  for (const [input, output] of [
    [join(dir, 'package.edxml'), join(dir, 'token-signed.edxml')],
    [join(dir, 'document.pdf'), join(dir, 'token-signed.pdf')],
  ] as const) {
    const signed = await lienthongWithEnv(env, 'sign', input, '-o', output, ...key);
    assert.equal(signed.code, 0, signed.stderr);
    const verified = await lienthong('verify', output, '--trust', ca, '--offline', '--json');
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /Văn phòng UBND tỉnh Nghệ An/);
  }
});
