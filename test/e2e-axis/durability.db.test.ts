/**
 * Durability on PostgreSQL (issue 3 "Must show"): the real server runs as a child process
 * (`lienthong serve axis`), concurrent clients send through the VXP client, the server is killed with
 * SIGKILL at random moments and restarted. Then: every acknowledged DocId reaches every recipient
 * exactly once, no stored package is half-visible (all deliveries, blob on disk), resends of packages
 * whose answer was lost return their original DocId, and the evidence chain still verifies.
 * On PGlite (no DATABASE_URL) it is skipped: one embedded process cannot be killed and shared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createAxis } from '../../src/axis/index.ts';
import { registerAgency } from '../../src/axis/use-cases/register-agency.ts';
import { registerSystem } from '../../src/axis/use-cases/register-system.ts';
import { verifyEvidence } from '../../src/axis/use-cases/verify-evidence.ts';
import { createAxisRestClient, createVxpClient, VxpError } from '../../src/axis-client/index.ts';
import { LocalBlobStore } from '../../src/platform/index.ts';
import { createTestDatabase, testDatabaseUrl } from '../helpers/database.ts';
import { freePort } from '../helpers/free-port.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { buildEdoc } from '../factories/axis-packages.ts';

const G22 = '000.00.00.G22';
const RECIPIENTS = ['000.00.00.H53', '000.00.00.H26', '000.00.00.H29'];
const KILLS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The HTTP workers of a cluster primary (`--workers n`): its child processes. */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(' ').filter(Boolean).map(Number);
}

for (const workers of [1, 2]) {
  void test(
    workers === 1
      ? 'SIGKILL during concurrent sends loses nothing acknowledged and leaves nothing half-visible'
      : `the same with ${workers} HTTP workers (--workers): SIGKILL of a worker (re-forked) or of the whole server`,
    {
      skip: testDatabaseUrl()
        ? false
        : 'durability needs PostgreSQL: set DATABASE_URL (PGlite is one embedded process)',
    },
    async (t) => {
      const database = await createTestDatabase();
      const dir = await tempDir('axis-durability-');
      const secretKey = randomBytes(32);
      const port = await freePort();
      const endpoint = `http://127.0.0.1:${port}`;
      let child: ChildProcess | undefined;
      // Cleared in `finally` too: a failed step must not leave the client loops spinning.
      let sending = false;
      try {
        const setup = createAxis({
          database,
          blobs: new LocalBlobStore(join(dir.path, 'blobs')),
          secretKey,
          maxPackageBytes: 1e7,
          vxpTimestampWindowSeconds: 900,
        });
        await registerAgency(setup.stores, { code: G22, name: 'Văn phòng Chính phủ' });
        for (const code of RECIPIENTS) await registerAgency(setup.stores, { code, name: `UBND ${code}` });
        const secrets = new Map<string, string>();
        for (const [id, agencies] of [['vpcp', [G22]], ...RECIPIENTS.map((c) => [`qlvb.${c}`, [c]])] as [
          string,
          string[],
        ][]) {
          const secret = randomBytes(18).toString('base64url');
          secrets.set(id, secret);
          await registerSystem(setup.stores, { systemId: id, secret, agencies });
        }

        const start = async () => {
          const proc = spawn(
            process.execPath,
            [
              'bin/lienthong.js',
              'serve',
              'axis',
              '--port',
              String(port),
              '--host',
              '127.0.0.1',
              '--data',
              dir.path,
              '--workers',
              String(workers),
            ],
            {
              env: {
                ...process.env,
                DATABASE_URL: database.url,
                SECRET_KEY: secretKey.toString('hex'),
                LOG_LEVEL: 'error',
                DEMO: 'false',
              },
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          );
          for (let i = 0; i < 600; i++) {
            if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
            try {
              if ((await fetch(`${endpoint}/readyz`)).ok) return proc;
            } catch {
              // not listening yet
            }
            await sleep(100);
          }
          throw new Error('server did not become ready');
        };

        const vpcp = createVxpClient({
          endpoint: `${endpoint}/vxp`,
          systemId: 'vpcp',
          secret: secrets.get('vpcp')!,
          timeoutMs: 30_000,
        });
        const acknowledged = new Map<string, { docId: string; recipients: string[] }>(); // documentId → receipt
        const unanswered = new Map<string, { bytes: Buffer; recipients: string[] }>(); // documentId → package
        sending = true;
        let attempts = 0;

        const clientLoop = async (n: number) => {
          while (sending) {
            // Half of the time, first retry a package whose answer was lost (it may or may not be stored).
            const retry = n % 2 === 0 ? [...unanswered.entries()][0] : undefined;
            let documentId: string;
            let bytes: Buffer;
            let recipients: string[];
            if (retry) {
              [documentId, { bytes, recipients }] = retry;
              unanswered.delete(documentId);
            } else {
              recipients = RECIPIENTS.filter((_, i) => i !== attempts % 3);
              ({ bytes, documentId } = await buildEdoc({
                from: G22,
                to: recipients,
                attachmentBytes: 2000 + (attempts % 7) * 1000,
              }));
            }
            attempts++;
            try {
              const { DocId } = await vpcp.sendEdoc(bytes, { from: G22 });
              const earlier = acknowledged.get(documentId);
              assert.ok(!earlier || earlier.docId === DocId, 'a resend returns the original DocId');
              acknowledged.set(documentId, { docId: DocId, recipients });
            } catch (err) {
              if (err instanceof VxpError) throw err; // a refusal would be a bug here
              unanswered.set(documentId, { bytes, recipients });
              await sleep(50);
            }
          }
        };

        child = await start();
        const clients = Array.from({ length: 8 }, (_, n) => clientLoop(n));
        let workerKills = 0;
        for (let kill = 0; kill < KILLS; kill++) {
          await sleep(800 + Math.floor(Math.random() * 1500));
          const pids = workers > 1 ? await childrenOf(child.pid!) : [];
          if (kill % 2 === 0 && pids.length === workers) {
            // One HTTP worker dies; the primary forks it again while the other keeps serving.
            process.kill(pids[Math.floor(Math.random() * pids.length)]!, 'SIGKILL');
            workerKills++;
            continue;
          }
          child.kill('SIGKILL');
          await new Promise((r) => child!.once('exit', r));
          // Its workers notice the primary is gone and stop on their own (no orphan on the port).
          for (const pid of pids) {
            for (let i = 0; i < 200 && existsSync(`/proc/${pid}`); i++) await sleep(50);
            assert.ok(!existsSync(`/proc/${pid}`), `worker ${pid} outlived its primary`);
          }
          child = await start();
        }
        if (workers > 1) {
          assert.ok(workerKills > 0, 'a worker was killed');
          assert.equal((await childrenOf(child.pid!)).length, workers, 'workers re-forked');
        }
        await sleep(1500);
        sending = false;
        await Promise.all(clients);
        // Answers lost in the last crash: resend once more now that the server is stable.
        for (const [documentId, { bytes, recipients }] of unanswered) {
          const { DocId } = await vpcp.sendEdoc(bytes, { from: G22 });
          acknowledged.set(documentId, { docId: DocId, recipients });
        }
        t.diagnostic(
          `${attempts} send attempts, ${acknowledged.size} packages acknowledged, ${KILLS} SIGKILLs (${workerKills} of a worker)`,
        );
        assert.ok(
          acknowledged.size > 20,
          `enough traffic (${acknowledged.size} acknowledged of ${attempts} attempts)`,
        );

        // 1. Every acknowledged DocId reaches every recipient exactly once (through each recipient's inbox).
        const seen = new Map<string, Map<string, number>>(); // recipient → docId → count
        for (const code of RECIPIENTS) {
          const rest = createAxisRestClient({
            endpoint,
            systemId: `qlvb.${code}`,
            secret: secrets.get(`qlvb.${code}`)!,
          });
          const counts = new Map<string, number>();
          let cursor: string | undefined;
          for (;;) {
            const page = await rest.inbox({ limit: 500, ...(cursor ? { cursor } : {}) });
            if (page.items.length === 0) break;
            for (const item of page.items) counts.set(item.docId, (counts.get(item.docId) ?? 0) + 1);
            cursor = page.nextCursor ?? undefined;
          }
          seen.set(code, counts);
        }
        for (const { docId, recipients } of acknowledged.values()) {
          for (const code of RECIPIENTS) {
            assert.equal(
              seen.get(code)!.get(docId) ?? 0,
              recipients.includes(code) ? 1 : 0,
              `${docId} at ${code}`,
            );
          }
        }
        // 2. Nothing half-visible: every stored package has all its deliveries and its blob on disk.
        const rows = await database.query<{
          doc_id: string;
          sha256: string;
          recipients_key: string;
          n: string;
        }>(sql`
      select p.doc_id, p.sha256, p.recipients_key, count(d.id)::text as n
      from axis.packages p left join axis.deliveries d on d.doc_id = p.doc_id group by p.doc_id`);
        const blobs = new LocalBlobStore(join(dir.path, 'blobs'));
        const acknowledgedIds = new Set([...acknowledged.values()].map((a) => a.docId));
        for (const row of rows) {
          assert.equal(Number(row.n), row.recipients_key.split(',').length, `deliveries of ${row.doc_id}`);
          assert.ok(await blobs.has(row.sha256), `blob of ${row.doc_id}`);
          // A package stored but never acknowledged (answer lost, never resent) is whole, and counted here.
          if (!acknowledgedIds.has(row.doc_id))
            assert.fail(
              `stored package ${row.doc_id} was never acknowledged, although every lost answer was resent`,
            );
        }
        assert.equal(rows.length, acknowledged.size);
        // 3. The evidence chain still verifies.
        const check = await verifyEvidence(setup.stores);
        assert.equal(check.valid, true, JSON.stringify(check));
      } finally {
        sending = false;
        child?.kill('SIGKILL');
        await database.close();
        await dir.cleanup();
      }
    },
  );
}
