import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hierarchy } from '../trust-policy.ts';
import { hierarchyFiles, readCaConfig, tsaFiles } from './ca-store.ts';

export interface TestPkiServices {
  readonly ocspUrls: Record<Hierarchy, string>;
  readonly crlBaseUrl: string;
  readonly tsaUrl: string;
  close(): Promise<void>;
}

export interface TestPkiServiceOptions {
  /** Port of the RFC 3161 TSA endpoint (0 = any free port). Default 2590. */
  readonly tsaPort?: number;
}

/** Largest time-stamp request accepted (a TimeStampReq is ~100 bytes). */
const MAX_TSA_REQUEST = 64 * 1024;

function portOf(url: string): number {
  const parsed = new URL(url);
  return Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
}

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Waits for `openssl ocsp` to announce it listens (a bare probe connection would block it). */
function waitForOcsp(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('waiting for OCSP client connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl ocsp exited (${code}): ${output}`));
    });
  });
}

export interface OcspResponder {
  /** Stops the responder (SIGTERM) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `openssl ocsp` for one hierarchy's issuing CA of a test PKI on 127.0.0.1:`port`, answering
 * from the CA's index; resolves once it listens. Tests start and stop one to simulate an outage.
 */
export async function startOcspResponder(
  caDir: string,
  hierarchy: Hierarchy,
  port: number,
): Promise<OcspResponder> {
  const files = hierarchyFiles(caDir, hierarchy);
  // -timeout: a client that connects and sends nothing must not block the single-threaded responder.
  const child = spawn(
    'openssl',
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
      '60',
      '-timeout',
      '5',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitForOcsp(child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}

/**
 * Answers one RFC 3161 TimeStampReq (DER) with `openssl ts -reply` under the test PKI's TSA
 * configuration (`<caDir>/tsa.cnf`); `work` is a scratch folder. Undefined when openssl fails.
 */
export async function timeStampReply(
  caDir: string,
  request: Uint8Array,
  work: string,
): Promise<Buffer | undefined> {
  const id = `${process.pid}-${++timeStampCounter}`;
  const query = join(work, `${id}.tsq`);
  const reply = join(work, `${id}.tsr`);
  try {
    await writeFile(query, request);
    const result = await run('openssl', [
      'ts',
      '-reply',
      '-config',
      tsaFiles(caDir).config,
      '-queryfile',
      query,
      '-out',
      reply,
    ]);
    return result.code === 0 ? await readFile(reply) : undefined;
  } finally {
    await Promise.all([rm(query, { force: true }), rm(reply, { force: true })]);
  }
}

let timeStampCounter = 0;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Serves a test PKI made by `pki init` on the URLs written into its certificates: one `openssl
 * ocsp` responder per issuing CA, the CRL files over HTTP, and an RFC 3161 TSA over HTTP that pipes
 * each request to `openssl ts -reply` (openssl has no HTTP TSA server). For tests and demos only:
 * the Debian package `openssl` must be installed. Listens on 127.0.0.1.
 */
export async function startTestPkiServices(
  caDir: string,
  options: TestPkiServiceOptions = {},
): Promise<TestPkiServices> {
  const config = await readCaConfig(caDir);
  const responders: OcspResponder[] = [];
  const servers: Server[] = [];
  const work = await mkdtemp(join(tmpdir(), 'lienthong-tsa-'));
  const close = async () => {
    for (const responder of responders) await responder.stop();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await rm(work, { recursive: true, force: true });
  };
  try {
    for (const hierarchy of ['government', 'public'] as const) {
      const port = portOf(config.hierarchies[hierarchy].ocspUrl);
      responders.push(await startOcspResponder(caDir, hierarchy, port));
    }

    const crlBase = new URL(config.hierarchies.government.crlUrl);
    const crlServer = createServer((req, res) => {
      const name = (req.url ?? '').split('?')[0]?.split('/').pop() ?? '';
      const path = join(caDir, name);
      // Only the CRL files, never keys or anything else of the CA folder.
      if (
        req.method !== 'GET' ||
        !/^(government|public)-(issuing-ca|root)\.crl$/.test(name) ||
        !existsSync(path)
      ) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      createReadStream(path).pipe(res);
    });
    servers.push(crlServer);
    await listen(crlServer, portOf(crlBase.toString()));

    const tsaServer = createServer((req, res) => {
      void (async () => {
        const body = req.method === 'POST' ? await readBody(req, MAX_TSA_REQUEST) : undefined;
        if (!body || body.length === 0) {
          res.writeHead(body === undefined && req.method === 'POST' ? 413 : 400).end();
          return;
        }
        const der = await timeStampReply(caDir, body, work);
        if (!der) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end('time-stamp failed');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(der);
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    servers.push(tsaServer);
    const tsaPort = await listen(tsaServer, options.tsaPort ?? 2590);
    return {
      ocspUrls: {
        government: config.hierarchies.government.ocspUrl,
        public: config.hierarchies.public.ocspUrl,
      },
      crlBaseUrl: crlBase.origin,
      tsaUrl: `http://127.0.0.1:${tsaPort}/tsa`,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
