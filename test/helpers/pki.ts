/**
 * Test helpers for the PKI: a throw-away CA (lienthong pki init), the independent tools acting as
 * servers (openssl ocsp as OCSP responder, openssl ts behind a tiny HTTP server as TSA), a CRL
 * server, free ports. Tests that need a Debian tool fail with a clear message when it is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { hierarchyFiles, initCa, tsaFiles, type Hierarchy } from '../../src/trust/index.ts';

/** Fails (does not skip) when a tool CI installs is missing here. */
export function requireTool(tool: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      `${tool} không có / is missing: install the Debian package "${debianPackage}" (listed in .ci/apt-packages.txt)`,
    );
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Waits for `openssl ocsp` to say it listens. (Probing the port with a bare connection would hang
 * it: the responder serves one connection at a time and waits for the request on the probe.)
 */
async function waitForReady(child: ChildProcess, marker: RegExp, timeoutMs = 10_000): Promise<void> {
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${timeoutMs} ms: ${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (marker.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}: ${output}`));
    });
  });
}

export interface TestCa {
  dir: string;
  ports: { government: number; public: number; crl: number };
  /** Starts `openssl ocsp` for a hierarchy on its port; returns a stop function. */
  startOcsp(hierarchy: Hierarchy): Promise<() => Promise<void>>;
  /** Whether the CRL server answers (false: 503, as if the distribution point were down). */
  crlServerUp: boolean;
  /** Number of CRL downloads served. */
  crlRequests: number;
  cleanup(): Promise<void>;
}

/** A fresh test PKI with its CRL distribution point served over HTTP on a free port. */
export async function createTestCa(): Promise<TestCa> {
  requireTool('openssl', 'openssl');
  const dir = await mkdtemp(join(tmpdir(), 'lienthong-ca-'));
  const ports = { government: await freePort(), public: await freePort(), crl: await freePort() };
  await rm(dir, { recursive: true });
  await initCa(dir, {
    crlBaseUrl: `http://127.0.0.1:${ports.crl}`,
    ocspUrls: {
      government: `http://127.0.0.1:${ports.government}`,
      public: `http://127.0.0.1:${ports.public}`,
    },
  });
  const children = new Set<ChildProcess>();
  const ca: TestCa = {
    dir,
    ports,
    crlServerUp: true,
    crlRequests: 0,
    async startOcsp(hierarchy) {
      const files = hierarchyFiles(dir, hierarchy);
      const port = ports[hierarchy];
      const child = spawn(
        'openssl',
        // -timeout: a client that connects and sends nothing must not block the single-threaded responder.
        [
          'ocsp',
          '-index',
          files.index,
          '-CA',
          files.issuing,
          '-rsigner',
          files.ocsp,
          '-rkey',
          files.ocspKey,
          '-port',
          String(port),
          '-nmin',
          '5',
          '-timeout',
          '5',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.add(child);
      await waitForReady(child, /waiting for OCSP client connections/);
      return async () => {
        children.delete(child);
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      };
    },
    async cleanup() {
      for (const child of children) child.kill('SIGTERM');
      await new Promise<void>((resolve) => crlServer.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  const crlServer: Server = createServer((req, res) => {
    const name = basename(req.url ?? '');
    const path = join(dir, name);
    if (!ca.crlServerUp || !name.endsWith('.crl') || !existsSync(path)) {
      res.writeHead(ca.crlServerUp ? 404 : 503).end();
      return;
    }
    ca.crlRequests++;
    res.writeHead(200, { 'content-type': 'application/pkix-crl' });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => crlServer.listen(ports.crl, '127.0.0.1', resolve));
  return ca;
}

export interface TestTsa {
  url: string;
  requests: number;
  /** Rewrites each response before it is sent (tamper tests). */
  tamper: ((der: Buffer) => Buffer) | undefined;
  stop(): Promise<void>;
}

/**
 * An RFC 3161 TSA over HTTP: openssl has no HTTP TSA server, so each request is piped to a fresh
 * `openssl ts -reply -config <ca>/tsa.cnf`.
 */
export async function startTestTsa(caDir: string): Promise<TestTsa> {
  requireTool('openssl', 'openssl');
  const work = await mkdtemp(join(tmpdir(), 'lienthong-tsa-'));
  let counter = 0;
  const tsa: TestTsa = {
    url: '',
    requests: 0,
    tamper: undefined,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(work, { recursive: true, force: true });
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        tsa.requests++;
        const id = ++counter;
        const query = join(work, `${id}.tsq`);
        const reply = join(work, `${id}.tsr`);
        await writeFile(query, Buffer.concat(chunks));
        const result = spawnSync(
          'openssl',
          ['ts', '-reply', '-config', tsaFiles(caDir).config, '-queryfile', query, '-out', reply],
          {
            encoding: 'utf8',
          },
        );
        if (result.status !== 0) {
          res.writeHead(500).end(result.stderr);
          return;
        }
        let der: Buffer = await readFile(reply);
        if (tsa.tamper) der = tsa.tamper(der);
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(der);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  return tsa;
}
