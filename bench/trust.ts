/**
 * Trust benchmark (issue 4 "Must show"): XML-DSig sign and verify of a 10 KB, the 367 KB SDK
 * sample and a 20 MB edXML package, and PAdES sign/verify of a PDF. The floor is measured in the
 * same run: `xmlsec1 --sign/--verify --repeat N` doing the same work (same key, same trust root,
 * same template shape: enveloped, exclusive C14N, RSA-SHA256); per operation =
 * (time(N) − time(1)) / (N − 1), so process start and key loading are not counted. The 20 MB
 * package is signed and verified from a file in a child process, whose peak RSS shows whether
 * memory stays flat. For PDF there is no xmlsec1; `pdfsig` (one process per run) is shown for
 * reference.
 *
 *   npm run bench -- trust [--iterations 200] [--mb 20]
 *
 * Target: our verify within 3× of xmlsec1 for 10 KB and 367 KB; 20 MB verify with flat memory.
 * "warm" verify reuses the certificate path result for the same chain (what an axis does all day,
 * see verifyEdxmlSignature's path cache); "cold" validates the path every time.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign as nodeSign, webcrypto } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { X509Certificate } from '@peculiar/x509';
import { createTrustPolicy, parseCertificates, type Signer, type TrustPolicy } from '../src/trust/index.ts';
import { signEdxml, signEdxmlFile, verifyEdxmlSignature } from '../src/trust/xmldsig/index.ts';
import { signPdf, verifyPdfSignatures } from '../src/trust/pdf/index.ts';
import { buildPackage, buildPackageSync } from '../src/standards/edxml/build-package.ts';
import {
  EDXML_FIXTURE_DIR,
  pseudoRandomBytes,
  pseudoRandomStream,
  sampleDocumentDraft,
} from '../test/helpers/edxml-packages.ts';
import { createTestPki, signerFor } from '../test/helpers/signing-pki.ts';
import { signatureTemplate } from '../test/helpers/xmlsec.ts';

const MB = 1e6;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(args[i + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timeMedian(iterations: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(20, iterations); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

function elapsedMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** xmlsec1 per-operation time with --repeat: (t(N) − t(1)) / (N − 1), median of 3. */
function xmlsecPerOp(args: string[], repeat: number): number {
  const runOnce = (n: number) =>
    elapsedMs(() => {
      const res = spawnSync('xmlsec1', [...args.slice(0, 1), '--repeat', String(n), ...args.slice(1)], {
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`xmlsec1 ${args.join(' ')} failed: ${res.stderr}`);
    });
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) samples.push((runOnce(repeat) - runOnce(1)) / (repeat - 1));
  return median(samples);
}

/** A Signer over a PEM key file (child processes cannot share the WebCrypto key of the parent). */
function pemSigner(keyPath: string, certPath: string, chainPath: string): Signer {
  const key = createPrivateKey(readFileSync(keyPath));
  return {
    certificate: new X509Certificate(readFileSync(certPath, 'utf8')),
    chain: parseCertificates(readFileSync(chainPath)),
    algorithm: 'RSA-SHA256',
    hash: 'SHA-256',
    keyStore: 'pkcs12',
    sign: (data) => Promise.resolve(new Uint8Array(nodeSign('sha256', data, key))),
    close: () => Promise.resolve(),
  };
}

interface ChildResult {
  seconds: number;
  maxRssMB: number;
  status?: string;
}

/** Child process body: one measurement over a file, JSON on stdout. */
async function child(mode: string, file: string, dir: string): Promise<void> {
  const started = process.hrtime.bigint();
  const out: Partial<ChildResult> = {};
  if (mode === 'sign') {
    await signEdxmlFile(
      file,
      `${file}.signed`,
      pemSigner(join(dir, 'key.pem'), join(dir, 'cert.pem'), join(dir, 'ca.pem')),
    );
  } else {
    const policy = createTrustPolicy({
      anchors: [
        {
          certificate: parseCertificates(readFileSync(join(dir, 'root.pem')))[0]!,
          hierarchy: 'government',
          purposes: ['document-signing'],
        },
      ],
      revocation: { mode: 'off' },
    });
    const report = await verifyEdxmlSignature(createReadStream(file, { highWaterMark: 256 * 1024 }), {
      policy,
    });
    out.status = report.status;
  }
  out.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  out.maxRssMB = (process.resourceUsage().maxRSS * 1024) / MB;
  process.stdout.write(JSON.stringify(out));
}

function runChild(mode: string, file: string, dir: string): ChildResult {
  const res = spawnSync(process.execPath, [import.meta.filename, '--child', mode, file, dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(`child ${mode} failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as ChildResult;
}

interface PackageResult {
  name: string;
  bytes: number;
  signMs: number;
  xmlsecSignMs: number;
  verifyWarmMs: number;
  verifyColdMs: number;
  xmlsecVerifyMs: number;
  verifyRatio: number;
  verifyColdRatio: number;
  status: string;
}

export async function main(args: string[]): Promise<void> {
  const iterations = option(args, 'iterations', 200);
  const sizeMB = option(args, 'mb', 20);
  const work = await mkdtemp(join(tmpdir(), 'lienthong-bench-trust-'));
  try {
    const pki = await createTestPki();
    const leaf = await pki.issue({ subject: 'CN=UBND tỉnh Nghệ An,O=UBND tỉnh Nghệ An,C=VN' });
    const signer = signerFor(leaf, [pki.issuing.certificate]);
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leaf.keys.privateKey)).toString(
      'base64',
    );
    writeFileSync(
      join(work, 'key.pem'),
      `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
    );
    writeFileSync(join(work, 'cert.pem'), leaf.certificate.toString('pem') + '\n');
    writeFileSync(join(work, 'ca.pem'), pki.issuing.certificate.toString('pem') + '\n');
    writeFileSync(join(work, 'root.pem'), pki.root.certificate.toString('pem') + '\n');
    const policy: TrustPolicy = createTrustPolicy({
      anchors: [
        { certificate: pki.root.certificate, hierarchy: 'government', purposes: ['document-signing'] },
      ],
      revocation: { mode: 'off' },
    });

    const small = buildPackageSync(sampleDocumentDraft(), [
      {
        contentId: 'cid:1',
        name: 'to-trinh.pdf',
        contentType: 'application/pdf',
        data: pseudoRandomBytes(2400, 11),
      },
    ]);
    const sdk = Buffer.from(
      readFileSync(join(EDXML_FIXTURE_DIR, 'edoc_new.edxml'), 'utf8').replace(
        /\s*<Signature>[\s\S]*<\/Signature>/,
        '',
      ),
    );
    const results: PackageResult[] = [];
    for (const [name, unsigned] of [
      ['generated ~10 KB', small],
      ['edoc_new.edxml 367 KB (SDK sample)', sdk],
    ] as const) {
      const signed = await signEdxml(unsigned, signer);
      const signedPath = join(work, `${results.length}-signed.edxml`);
      const templatePath = join(work, `${results.length}-template.edxml`);
      writeFileSync(signedPath, signed);
      writeFileSync(
        templatePath,
        unsigned
          .toString('utf8')
          .replace('</edXML:edXMLHeader>', `${signatureTemplate({})}</edXML:edXMLHeader>`),
      );
      const n = unsigned.length > 100_000 ? Math.max(20, iterations >> 2) : iterations;
      const signMs = await timeMedian(n, () => signEdxml(unsigned, signer));
      let status = '';
      const verifyWarmMs = await timeMedian(n, async () => {
        status = (await verifyEdxmlSignature(signed, { policy })).status;
      });
      const verifyColdMs = await timeMedian(Math.max(10, n >> 2), () =>
        verifyEdxmlSignature(signed, { policy, pathCacheTtlMs: 0 }),
      );
      const xmlsecVerifyMs = xmlsecPerOp(
        [
          '--verify',
          '--trusted-pem',
          join(work, 'root.pem'),
          '--untrusted-pem',
          join(work, 'ca.pem'),
          signedPath,
        ],
        n,
      );
      const xmlsecSignMs = xmlsecPerOp(
        [
          '--sign',
          '--privkey-pem',
          `${join(work, 'key.pem')},${join(work, 'cert.pem')}`,
          '--output',
          join(work, 'xmlsec-out.xml'),
          templatePath,
        ],
        n,
      );
      results.push({
        name,
        bytes: signed.length,
        signMs,
        xmlsecSignMs,
        verifyWarmMs,
        verifyColdMs,
        xmlsecVerifyMs,
        verifyRatio: verifyWarmMs / xmlsecVerifyMs,
        verifyColdRatio: verifyColdMs / xmlsecVerifyMs,
        status,
      });
    }

    // 20 MB: generated to a file, signed and verified from the file in child processes.
    const largePath = join(work, 'large.edxml');
    const attachmentBytes = Math.floor(((sizeMB * MB - 8192) * 3) / 4);
    await pipeline(
      buildPackage(sampleDocumentDraft(), [
        {
          contentId: 'cid:1',
          name: 'ho-so.zip',
          contentType: 'application/zip',
          data: pseudoRandomStream(attachmentBytes),
        },
      ]),
      createWriteStream(largePath),
    );
    const largeBytes = (await stat(largePath)).size;
    const largeSign = runChild('sign', largePath, work);
    const largeVerify = runChild('verify', `${largePath}.signed`, work);
    const xmlsecLarge = median(
      [0, 1, 2].map(() =>
        elapsedMs(() => {
          const res = spawnSync('xmlsec1', [
            '--verify',
            '--trusted-pem',
            join(work, 'root.pem'),
            '--untrusted-pem',
            join(work, 'ca.pem'),
            `${largePath}.signed`,
          ]);
          if (res.status !== 0) throw new Error(`xmlsec1 failed on 20 MB: ${String(res.stderr)}`);
        }),
      ),
    );
    const nodeBaseline = runChild('baseline', join(work, 'root.pem'), work);

    // PDF: PAdES-B-B sign, the second (agency) signature as an incremental update, verification of both.
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 3; i++)
      doc.addPage([595, 842]).drawText(`Trang ${i + 1}`, { x: 60, y: 780, size: 14, font });
    const pdf = await doc.save();
    const pdfN = Math.max(10, iterations >> 3);
    const pdfSignMs = await timeMedian(pdfN, () => signPdf(pdf, { signer }));
    const once = (await signPdf(pdf, { signer })).pdf;
    const pdfSecondSignMs = await timeMedian(pdfN, () => signPdf(once, { signer, role: 'agency' }));
    const twice = (await signPdf(once, { signer, role: 'agency' })).pdf;
    let pdfStatus = '';
    const pdfVerifyMs = await timeMedian(pdfN, async () => {
      pdfStatus = (await verifyPdfSignatures(twice, { policy })).status;
    });
    writeFileSync(join(work, 'twice.pdf'), twice);
    const pdfsigMs = median(
      [0, 1, 2].map(() => elapsedMs(() => spawnSync('pdfsig', [join(work, 'twice.pdf')]))),
    );

    console.log(
      '\nXML-DSig on edXML (median ms per operation; xmlsec1 --repeat in the same run is the floor)',
    );
    console.table(
      results.map((r) => ({
        package: r.name,
        KB: Math.round(r.bytes / 1000),
        'sign ms': r.signMs.toFixed(3),
        'xmlsec1 sign ms': r.xmlsecSignMs.toFixed(3),
        'verify warm ms': r.verifyWarmMs.toFixed(3),
        'verify cold ms': r.verifyColdMs.toFixed(3),
        'xmlsec1 verify ms': r.xmlsecVerifyMs.toFixed(3),
        'warm / xmlsec1': r.verifyRatio.toFixed(2),
        'cold / xmlsec1': r.verifyColdRatio.toFixed(2),
        status: r.status,
      })),
    );
    console.log(`\n${(largeBytes / MB).toFixed(1)} MB package, from a file, in a child process`);
    console.table([
      {
        operation: 'sign (2 streamed passes)',
        seconds: largeSign.seconds.toFixed(2),
        'peak RSS MB': largeSign.maxRssMB.toFixed(0),
      },
      {
        operation: 'verify (streamed)',
        seconds: largeVerify.seconds.toFixed(2),
        'peak RSS MB': largeVerify.maxRssMB.toFixed(0),
        status: largeVerify.status,
      },
      { operation: 'xmlsec1 --verify (one process)', seconds: (xmlsecLarge / 1000).toFixed(2) },
      {
        operation: 'node baseline (tiny verify)',
        seconds: nodeBaseline.seconds.toFixed(2),
        'peak RSS MB': nodeBaseline.maxRssMB.toFixed(0),
      },
    ]);
    console.log('\nPAdES on a 3-page PDF (median ms)');
    console.table([
      { operation: 'sign B-B (first signature)', ms: pdfSignMs.toFixed(1) },
      { operation: 'sign B-B (second, incremental update)', ms: pdfSecondSignMs.toFixed(1) },
      { operation: 'verify both signatures', ms: pdfVerifyMs.toFixed(1), status: pdfStatus },
      { operation: 'pdfsig (one process, reference)', ms: pdfsigMs.toFixed(1) },
    ]);
    const out = {
      date: new Date().toISOString(),
      iterations,
      packages: results,
      large: {
        bytes: largeBytes,
        sign: largeSign,
        verify: largeVerify,
        xmlsecVerifySeconds: xmlsecLarge / 1000,
        nodeBaseline,
      },
      pdf: {
        signMs: pdfSignMs,
        secondSignMs: pdfSecondSignMs,
        verifyMs: pdfVerifyMs,
        status: pdfStatus,
        pdfsigMs,
      },
    };
    writeFileSync(join(import.meta.dirname, 'results', 'trust.json'), JSON.stringify(out, null, 2) + '\n');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , mode, file, dir] = process.argv;
  if (mode === 'baseline') {
    // The RSS of a node process that loaded the same modules and verified nothing large.
    const started = process.hrtime.bigint();
    process.stdout.write(
      JSON.stringify({
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        maxRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
      }),
    );
  } else await child(mode as string, file as string, dir as string);
}
