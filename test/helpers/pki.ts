/**
 * Test helpers for the PKI: a throw-away CA (lienthong pki init), the independent tools acting as
 * servers (openssl ocsp as OCSP responder, openssl ts behind a tiny HTTP server as TSA — the same
 * pieces `lienthong pki serve` runs, from src/trust), a CRL server that tests can take down and
 * count, free ports. Tests that need a Debian tool fail with a clear message when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  initCa,
  startOcspResponder,
  timeStampReply,
  type Hierarchy,
  type OcspResponder,
} from '../../src/trust/index.ts';
import { freePort } from './free-port.ts';

export { freePort };

/** Fails (does not skip) when a tool CI installs is missing here. */
export function requireTool(tool: string, debianPackage: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    throw new Error(
      `${tool} không có / is missing: install the Debian package "${debianPackage}" (listed in .ci/apt-packages.txt)`,
    );
  }
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
  const responders = new Set<OcspResponder>();
  const ca: TestCa = {
    dir,
    ports,
    crlServerUp: true,
    crlRequests: 0,
    async startOcsp(hierarchy) {
      const responder = await startOcspResponder(dir, hierarchy, ports[hierarchy]);
      responders.add(responder);
      return async () => {
        responders.delete(responder);
        await responder.stop();
      };
    },
    async cleanup() {
      await Promise.all([...responders].map((responder) => responder.stop()));
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
        let der = await timeStampReply(caDir, Buffer.concat(chunks), work);
        if (!der) {
          res.writeHead(500).end('openssl ts -reply failed');
          return;
        }
        if (tsa.tamper) der = tsa.tamper(der);
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(der);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  return tsa;
}
