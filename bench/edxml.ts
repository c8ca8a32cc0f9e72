/**
 * edXML benchmark (issue 2 "Must show"): parse + validate of the 367 KB SDK sample and of a
 * generated 10 KB package (median over many iterations), and of a generated 200 MB package
 * streamed from a temp file into a LocalBlobStore (seconds, MB/s, peak RSS, measured in a child
 * process so the figures are clean). The floor is measured in the same run: reading the same
 * bytes and hashing them with SHA-256; every result is also given as a ratio to it.
 *
 *   npm run bench -- edxml [--mb 200] [--iterations 400] [--runs 3]
 *
 * Targets: 367 KB under 5 ms median; 200 MB at ≥ 1/3 of the floor's throughput; peak RSS < 200 MB.
 * MB = 10^6 bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LocalBlobStore } from '../src/platform/blobs/local-blob-store.ts';
import { buildPackage, buildPackageSync } from '../src/standards/edxml/build-package.ts';
import { parsePackage, parsePackageSync } from '../src/standards/edxml/parse-package.ts';
import { validatePackage } from '../src/standards/edxml/validate-package.ts';
import {
  EDXML_FIXTURE_DIR,
  pseudoRandomBytes,
  pseudoRandomStream,
  sampleDocumentDraft,
} from '../test/helpers/edxml-packages.ts';

const MB = 1e6;
const READ_CHUNK = 256 * 1024;

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

function timeMedian(iterations: number, fn: () => void): number {
  for (let i = 0; i < Math.min(50, iterations); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

interface SmallResult {
  name: string;
  bytes: number;
  medianMs: number;
  packagesPerSecond: number;
  floorMedianMs: number;
  ratioToFloor: number;
  valid: boolean;
}

function benchSmall(name: string, path: string, iterations: number): SmallResult {
  let valid = false;
  const medianMs = timeMedian(iterations, () => {
    const bytes = readFileSync(path);
    valid = validatePackage(parsePackageSync(bytes).package).valid;
  });
  const floorMedianMs = timeMedian(iterations, () => {
    createHash('sha256').update(readFileSync(path)).digest('hex');
  });
  const bytes = readFileSync(path).length;
  return {
    name,
    bytes,
    medianMs,
    packagesPerSecond: 1000 / medianMs,
    floorMedianMs,
    ratioToFloor: floorMedianMs / medianMs,
    valid,
  };
}

interface ChildResult {
  seconds: number;
  maxRssMB: number;
  attachmentBytes?: number;
  valid?: boolean;
}

/** Child process body: one measurement, JSON on stdout. */
async function child(mode: string, file: string, blobDir: string): Promise<void> {
  const started = process.hrtime.bigint();
  const out: Partial<ChildResult> = {};
  if (mode === 'floor') {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK }))
      hash.update(chunk as Buffer);
    hash.digest('hex');
  } else {
    const blobs = mode === 'parse' ? new LocalBlobStore(blobDir) : undefined;
    const result = await parsePackage(createReadStream(file, { highWaterMark: READ_CHUNK }), { blobs });
    out.valid = validatePackage(result.package).valid;
    out.attachmentBytes = result.package.attachments.reduce((n, a) => n + a.size, 0);
  }
  out.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  out.maxRssMB = (process.resourceUsage().maxRSS * 1024) / MB;
  process.stdout.write(JSON.stringify(out));
}

function runChild(mode: string, file: string, blobDir: string): ChildResult {
  const res = spawnSync(process.execPath, [import.meta.filename, '--child', mode, file, blobDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(`child ${mode} failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as ChildResult;
}

async function generateLarge(path: string, totalBytes: number): Promise<number> {
  // base64 is 4/3 of the data; leave room for the header.
  const attachmentBytes = Math.floor(((totalBytes - 8192) * 3) / 4);
  const draft = sampleDocumentDraft(['000.00.00.H41', '000.00.00.H14']);
  await pipeline(
    buildPackage(draft, [
      {
        contentId: 'cid:1',
        name: 'ho-so-lon.zip',
        contentType: 'application/zip',
        data: pseudoRandomStream(attachmentBytes),
      },
    ]),
    createWriteStream(path),
  );
  return attachmentBytes;
}

export async function main(args: string[]): Promise<void> {
  const sizeMB = option(args, 'mb', 200);
  const iterations = option(args, 'iterations', 400);
  const runs = option(args, 'runs', 3);
  const work = await mkdtemp(join(tmpdir(), 'lienthong-bench-edxml-'));
  try {
    const fixturePath = join(EDXML_FIXTURE_DIR, 'edoc_new.edxml');
    const smallPath = join(work, 'generated-10k.edxml');
    const small = buildPackageSync(sampleDocumentDraft(), [
      {
        contentId: 'cid:1',
        name: 'to-trinh.pdf',
        contentType: 'application/pdf',
        data: pseudoRandomBytes(4900, 11),
      },
    ]);
    writeFileSync(smallPath, small);
    const smallResults = [
      benchSmall('edoc_new.edxml (SDK sample)', fixturePath, iterations),
      benchSmall('generated package', smallPath, iterations * 5),
    ];

    const largePath = join(work, 'large.edxml');
    const attachmentBytes = await generateLarge(largePath, sizeMB * MB);
    const largeBytes = (await stat(largePath)).size;
    const floors: ChildResult[] = [];
    const parses: ChildResult[] = [];
    const hashOnly: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      floors.push(runChild('floor', largePath, ''));
      hashOnly.push(runChild('hash', largePath, ''));
      const blobDir = join(work, `blobs-${i}`);
      const parsed = runChild('parse', largePath, blobDir);
      if (parsed.attachmentBytes !== attachmentBytes) throw new Error('attachment size mismatch');
      parses.push(parsed);
      await rm(blobDir, { recursive: true, force: true });
    }
    const best = (list: ChildResult[]) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const floor = best(floors);
    const parse = best(parses);
    const large = {
      bytes: largeBytes,
      attachmentBytes,
      runs,
      parseSeconds: parse.seconds,
      parseSecondsMedian: median(parses.map((p) => p.seconds)),
      parseMBps: largeBytes / MB / parse.seconds,
      parsePeakRssMB: Math.max(...parses.map((p) => p.maxRssMB)),
      floorSeconds: floor.seconds,
      floorMBps: largeBytes / MB / floor.seconds,
      floorPeakRssMB: Math.max(...floors.map((p) => p.maxRssMB)),
      ratioToFloor: floor.seconds / parse.seconds,
      valid: parse.valid ?? false,
      /** Same parse without a blob store (attachments hashed, not written): the cost of storing. */
      withoutStoreSeconds: best(hashOnly).seconds,
      withoutStoreMBps: largeBytes / MB / best(hashOnly).seconds,
      withoutStorePeakRssMB: Math.max(...hashOnly.map((p) => p.maxRssMB)),
      withoutStoreRatioToFloor: floor.seconds / best(hashOnly).seconds,
    };

    const fmt = (n: number, d = 2) => n.toFixed(d);
    console.log('\nedXML — parse + validate (validatePackage)   floor = read + SHA-256 of the same bytes\n');
    console.log('| case | size | median | packages/s | floor median | ratio to floor | target |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of smallResults) {
      const target = r.name.startsWith('edoc_new') ? (r.medianMs < 5 ? '< 5 ms ✔' : '< 5 ms ✘') : '';
      console.log(
        `| ${r.name} | ${fmt(r.bytes / 1000, 1)} KB | ${fmt(r.medianMs, 3)} ms | ${fmt(r.packagesPerSecond, 0)} | ${fmt(r.floorMedianMs, 3)} ms | ${fmt(r.ratioToFloor, 3)} | ${target} |`,
      );
    }
    console.log(
      '\n| case | size | seconds | MB/s | peak RSS | floor s | floor MB/s | ratio to floor | targets |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(
      `| streamed into LocalBlobStore (best of ${runs}) | ${fmt(largeBytes / MB, 1)} MB | ${fmt(large.parseSeconds)} | ${fmt(large.parseMBps, 0)} | ${fmt(large.parsePeakRssMB, 0)} MB | ${fmt(large.floorSeconds)} | ${fmt(large.floorMBps, 0)} | ${fmt(large.ratioToFloor, 3)} | ratio ≥ 0.333 ${large.ratioToFloor >= 1 / 3 ? '✔' : '✘'}, RSS < 200 MB ${large.parsePeakRssMB < 200 ? '✔' : '✘'} |`,
    );
    console.log(
      `| same, without blob store (hash only) | ${fmt(largeBytes / MB, 1)} MB | ${fmt(large.withoutStoreSeconds)} | ${fmt(large.withoutStoreMBps, 0)} | ${fmt(large.withoutStorePeakRssMB, 0)} MB | ${fmt(large.floorSeconds)} | ${fmt(large.floorMBps, 0)} | ${fmt(large.withoutStoreRatioToFloor, 3)} | |`,
    );
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      validate: 'validatePackage',
      small: smallResults,
      large,
      targets: { fixtureMedianMs: 5, largeRatioToFloor: 1 / 3, largePeakRssMB: 200 },
    };
    const outFile = join(import.meta.dirname, 'results', 'edxml.json');
    writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n→ ${outFile}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , mode, file, blobDir] = process.argv;
  await child(mode as string, file as string, blobDir as string);
}
