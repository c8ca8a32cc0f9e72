import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, rgb } from 'pdf-lib';
import { createTrustPolicy, type TrustPolicy } from '../pki/index.ts';
import { createTestPki, signerFor, type IssuedKey, type TestPki } from '../../../test/helpers/signing-pki.ts';
import { sealPng, signaturePng } from '../../../test/helpers/png.ts';
import { OID } from './cades-signature.ts';
import { writeIncrementalUpdate } from './incremental-update.ts';
import { findSignatureFields } from './pdf-structure.ts';
import { signPdf, verifyPdfSignatures } from './index.ts';

const run = promisify(execFile);

let pki: TestPki;
let leader: IssuedKey;
let agency: IssuedKey;
let policy: TrustPolicy;
let dir: string;
let plain: Uint8Array;

before(async () => {
  pki = await createTestPki();
  leader = await pki.issue({ subject: 'CN=Nguyễn Văn An,O=UBND tỉnh Nghệ An,C=VN' });
  agency = await pki.issue({ subject: 'CN=UBND tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN', key: 'ec' });
  policy = createTrustPolicy({
    anchors: [{ certificate: pki.root.certificate, hierarchy: 'government', purposes: ['document-signing'] }],
    revocation: { mode: 'off' },
  });
  dir = await mkdtemp(join(tmpdir(), 'lt-pdf-'));
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of ['Cong van so 12/UBND-VP', 'Phu luc kem theo']) {
    const page = doc.addPage([595, 842]);
    page.drawText(text, { x: 60, y: 780, size: 14, font });
    page.drawText('CHU TICH', { x: 330, y: 220, size: 12, font });
  }
  plain = await doc.save();
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pdfsig(pdf: Uint8Array): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(path, pdf);
  try {
    const { stdout, stderr } = await run('pdfsig', [path]);
    return stdout + stderr;
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

/** Leader signs (image between title and name), then the agency adds its seal as an incremental update. */
async function signedByBoth(): Promise<{ first: Uint8Array; second: Uint8Array }> {
  const first = await signPdf(plain, {
    signer: signerFor(leader, [pki.issuing.certificate]),
    role: 'leader',
    page: 0,
    rect: [320, 150, 130, 55],
    signatureImage: signaturePng(),
    reason: 'Ký ban hành',
    location: 'Nghệ An',
  });
  const second = await signPdf(first.pdf, {
    signer: signerFor(agency, [pki.issuing.certificate]),
    role: 'agency',
    page: 0,
    sealImage: sealPng(),
  });
  return { first: first.pdf, second: second.pdf };
}

/** Renders a page with poppler (PPM: trivial to read) and counts reddish pixels in a box (points). */
async function redPixels(
  pdf: Uint8Array,
  page: number,
  box: [number, number, number, number],
): Promise<number> {
  const path = join(dir, `render-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(path, pdf);
  await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', '72', '-singlefile', path, path]);
  const ppm = await readFile(`${path}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40));
  assert.ok(header, 'PPM header');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  let count = 0;
  const [bx, by, bw, bh] = box;
  for (let y = Math.max(0, height - (by + bh)); y < Math.min(height, height - by); y++)
    for (let x = Math.max(0, bx); x < Math.min(width, bx + bw); x++) {
      const i = offset + (y * width + x) * 3;
      if ((ppm[i] ?? 0) > 150 && (ppm[i + 1] ?? 255) < 100 && (ppm[i + 2] ?? 255) < 100) count++;
    }
  return count;
}

describe('PAdES signatures on PDF', () => {
  test('leader then agency: both valid for pdfsig and for us, the agency signature an incremental update', async () => {
    const { first, second } = await signedByBoth();
    assert.ok(
      Buffer.from(second.subarray(0, first.length)).equals(Buffer.from(first)),
      'first revision untouched',
    );
    const theirs = await pdfsig(second);
    assert.equal(theirs.match(/Signature is Valid/g)?.length, 2, theirs);
    assert.match(theirs, /Signature Type: ETSI\.CAdES\.detached/);

    const ours = await verifyPdfSignatures(second, { policy });
    assert.equal(ours.status, 'valid', JSON.stringify(ours));
    const [one, two] = ours.signatures;
    assert.equal(one?.signer?.subject, 'CN=Nguyễn Văn An, O=UBND tỉnh Nghệ An, C=VN');
    assert.equal(one?.modifiedAfter, 'signatures-only');
    assert.equal(one?.coversWholeDocument, false);
    assert.equal(two?.signer?.subject, 'CN=UBND tỉnh Nghệ An, O=UBND tỉnh Nghệ An, C=VN');
    assert.equal(two?.modifiedAfter, 'none');
    assert.equal(two?.coversWholeDocument, true);
    assert.equal(one?.level, 'B-B');
  });

  test('CMS follows PAdES-B-B: signing-certificate-v2, no signing-time attribute, /M in Vietnamese time', async () => {
    const signed = await signPdf(plain, {
      signer: signerFor(leader, [pki.issuing.certificate]),
      signingTime: new Date('2026-01-02T03:04:05Z'),
    });
    const text = Buffer.from(signed.pdf).toString('latin1');
    assert.match(text, /\/M \(D:20260102100405\+07'00'\)/);
    const hex = /\/Contents <([0-9A-F]+)>/.exec(text)?.[1]?.replace(/(00)+$/, '') ?? '';
    const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(Buffer.from(hex, 'hex')).result });
    const signerInfo = new pkijs.SignedData({ schema: info.content }).signerInfos[0];
    const types = signerInfo?.signedAttrs?.attributes.map((a) => a.type) ?? [];
    assert.ok(types.includes(OID.signingCertificateV2));
    assert.ok(types.includes(OID.messageDigest));
    assert.ok(!types.includes(OID.signingTime));
  });

  test('the agency seal overlaps about a third of the leader signature on its left; attachments get the small red text top right', async () => {
    const { second } = await signedByBoth();
    const fields = findSignatureFields(await PDFDocument.load(second));
    const [leaderRect, sealRect] = fields.map((f) => f.rect);
    assert.ok(leaderRect && sealRect);
    const overlap = sealRect[0] + sealRect[2] - leaderRect[0];
    assert.ok(Math.abs(overlap - leaderRect[2] / 3) < 1, `overlap ${overlap} of ${leaderRect[2]}`);
    assert.ok(sealRect[0] < leaderRect[0], 'seal on the left');
    assert.ok(
      (await redPixels(second, 1, [
        Math.round(sealRect[0]),
        Math.round(sealRect[1]),
        Math.round(sealRect[2]),
        Math.round(sealRect[3]),
      ])) > 200,
      'red seal rendered',
    );

    const withAttachment = await signPdf(second, {
      signer: signerFor(agency, [pki.issuing.certificate]),
      role: 'attachment',
      page: 1,
      documentNumber: '12/UBND-VP',
    });
    assert.ok(
      (await redPixels(withAttachment.pdf, 2, [400, 790, 195, 52])) > 30,
      'red agency text top right',
    );
    assert.equal(await redPixels(withAttachment.pdf, 2, [0, 0, 300, 400]), 0);
    const report = await verifyPdfSignatures(withAttachment.pdf, { policy });
    assert.equal(report.status, 'valid', JSON.stringify(report.signatures.map((s) => s.problems)));
    assert.equal(report.signatures.length, 3);
    assert.equal((await pdfsig(withAttachment.pdf)).match(/Signature is Valid/g)?.length, 3);
    // Vietnamese text is drawn with the embedded DejaVu subset.
    assert.match(
      Buffer.from(withAttachment.pdf).toString('latin1'),
      /\/BaseFont \/(?:[A-Z]{6}\+)?DejaVuSans/,
    );
  });

  test('a PDF with a cross-reference stream and object streams is updated with a cross-reference stream', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Van ban', { x: 50, y: 700, size: 20, font: await doc.embedFont(StandardFonts.Helvetica) });
    // An empty signature field prepared by another tool: the file is signed in place, not rewritten.
    const field = doc.context.register(
      doc.context.obj({
        FT: 'Sig',
        T: PDFString.of('Empty'),
        Type: 'Annot',
        Subtype: 'Widget',
        Rect: [0, 0, 0, 0],
        P: page.ref,
      }),
    );
    page.node.set(PDFName.of('Annots'), doc.context.obj([field]));
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [field] }));
    const base = await doc.save({ useObjectStreams: true });
    assert.ok(Buffer.from(base).includes('/ObjStm'));
    const signed = await signPdf(base, { signer: signerFor(leader, [pki.issuing.certificate]) });
    assert.ok(
      Buffer.from(signed.pdf.subarray(0, base.length)).equals(Buffer.from(base)),
      'appended, not rewritten',
    );
    const theirs = await pdfsig(signed.pdf);
    assert.match(theirs, /Signature is Valid/);
    assert.doesNotMatch(theirs, /Syntax Error/);
    assert.equal((await verifyPdfSignatures(signed.pdf, { policy })).status, 'valid');
  });

  test('an unsigned PDF is reported unsigned', async () => {
    const report = await verifyPdfSignatures(plain, { policy });
    assert.equal(report.status, 'unsigned');
  });
});

describe('attack corpus: PDF', () => {
  test('a PDF modified after signing (one byte in the signed range) is refused', async () => {
    const { second } = await signedByBoth();
    const tampered = Buffer.from(second);
    const at = Buffer.from(tampered).indexOf('Cong van');
    assert.ok(at > 0 || true);
    // Change a byte of the page content stream region (inside the first signed range).
    const index = tampered.indexOf('/Type /Page') + 1;
    tampered[index] = 'S'.charCodeAt(0);
    const report = await verifyPdfSignatures(tampered, { policy });
    assert.equal(report.status, 'invalid');
    assert.ok(report.signatures.every((s) => s.problems.some((p) => p.code === 'pdf.digest_mismatch')));
  });

  test('a second, unsigned revision that draws on the page is refused with what changed', async () => {
    const { first } = await signedByBoth();
    const doc = await PDFDocument.load(first);
    const firstNew = doc.context.largestObjectNumber + 1;
    const page = doc.getPages()[0]!;
    page.drawText('DA DUYET', { x: 60, y: 600, size: 30, color: rgb(1, 0, 0) });
    await doc.flush();
    const { pdf } = writeIncrementalUpdate(first, doc, { firstNew, changed: new Set([page.ref]) });
    const report = await verifyPdfSignatures(pdf, { policy });
    assert.equal(report.status, 'invalid');
    const signature = report.signatures[0];
    assert.equal(signature?.modifiedAfter, 'changed');
    assert.ok(
      signature?.changes.some((c) => c.includes('/Contents')),
      JSON.stringify(signature?.changes),
    );
    assert.ok(report.problems.some((p) => p.code === 'pdf.modified_after_signing'));
    assert.match(await pdfsig(pdf), /Not total document signed/);
  });

  test('an unsigned revision adding a non-signature annotation over the text is refused', async () => {
    const { first } = await signedByBoth();
    const doc = await PDFDocument.load(first);
    const firstNew = doc.context.largestObjectNumber + 1;
    const page = doc.getPages()[0]!;
    const note = doc.context.register(
      doc.context.obj({
        Type: 'Annot',
        Subtype: 'FreeText',
        Rect: [50, 770, 300, 800],
        Contents: 'Công văn giả',
      }),
    );
    page.node.set(PDFName.of('Annots'), doc.context.obj([...(page.node.Annots()?.asArray() ?? []), note]));
    const { pdf } = writeIncrementalUpdate(first, doc, { firstNew, changed: new Set([page.ref]) });
    const report = await verifyPdfSignatures(pdf, { policy });
    assert.equal(report.status, 'invalid');
    assert.ok(report.signatures[0]?.changes.some((c) => c.includes('annotation added')));
  });

  test("a second signature field whose ByteRange points at the first signature's bytes is refused", async () => {
    const { first } = await signedByBoth();
    const doc = await PDFDocument.load(first);
    const firstNew = doc.context.largestObjectNumber + 1;
    const original = findSignatureFields(doc)[0]?.signature;
    assert.ok(original);
    const fake = doc.context.register(
      doc.context.obj({
        Type: 'Sig',
        Filter: 'Adobe.PPKLite',
        SubFilter: 'ETSI.CAdES.detached',
        ByteRange: original.get(PDFName.of('ByteRange')),
        Contents: PDFHexString.of('00'),
      }),
    );
    const page = doc.getPages()[0]!;
    const widget = doc.context.register(
      doc.context.obj({
        Type: 'Annot',
        Subtype: 'Widget',
        FT: 'Sig',
        Rect: [0, 0, 0, 0],
        V: fake,
        T: PDFString.of('Fake'),
        P: page.ref,
      }),
    );
    page.node.set(PDFName.of('Annots'), doc.context.obj([...(page.node.Annots()?.asArray() ?? []), widget]));
    const { pdf } = writeIncrementalUpdate(first, doc, { firstNew, changed: new Set([page.ref]) });
    const report = await verifyPdfSignatures(pdf, { policy });
    assert.equal(report.status, 'invalid');
    const fakeReport = report.signatures.find((s) => s.field === 'Fake');
    assert.ok(
      fakeReport?.problems.some((p) => p.code === 'pdf.byte_range_invalid'),
      JSON.stringify(fakeReport?.problems),
    );
  });

  test('a signature whose certificate is not from a trusted root is refused', async () => {
    const strangers = await createTestPki('CN=Unknown Root,C=XX', 'CN=Unknown Issuing CA,C=XX');
    const stranger = await strangers.issue({});
    const signed = await signPdf(plain, {
      signer: signerFor(stranger, [strangers.issuing.certificate, strangers.root.certificate]),
    });
    const report = await verifyPdfSignatures(signed.pdf, { policy });
    assert.equal(report.status, 'invalid');
    const codes = report.signatures[0]?.problems.map((p) => p.code) ?? [];
    assert.ok(codes.includes('certificate.untrusted_root'), codes.join(', '));
  });
});
