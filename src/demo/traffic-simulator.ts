/**
 * The living demo's traffic: agencies' document systems sending, receiving, acknowledging and
 * processing documents through the REAL axis protocol (src/axis-client's VXP client with the SDK's
 * headers and HMAC over loopback HTTP). Each tick sends one new document and moves other documents
 * along: recipients fetch and acknowledge their inbox and report 01 → 03 → 04 → 05 → 06, some
 * return a document (02), some stall past their DueDate, some documents carry a paper copy, and now
 * and then a sender takes a document back (13 → 15). Most packages (DEMO_SIGNED_SHARE) are signed
 * with the sending agency's seal from the demo PKI (XML-DSig in the edXML header, as an agency's
 * system signs before sending); the rest go unsigned, as some systems still send them.
 */
import { createVxpClient, type VxpClient } from '../axis-client/index.ts';
import { parsePackageSync } from '../standards/index.ts';
import type { Signer } from '../trust/index.ts';
import { DEMO_SIGNED_SHARE, type DemoPki } from './demo-pki.ts';
import { buildDemoDocument, buildDemoStatus } from './demo-packages.ts';
import type { DemoAgency } from './demo-nation.ts';
import type { SeededNation } from './seed-nation.ts';

export interface SimulatorLogger {
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface TrafficSimulator {
  readonly stats: { sent: number; signed: number; statuses: number; fetched: number; errors: number };
  /** Runs one tick now (tests). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

interface Workflow {
  client: VxpClient;
  recipient: DemoAgency;
  sender: string;
  documentId: string;
  steps: string[];
  notBefore: number;
}

interface SentDocument {
  client: VxpClient;
  from: DemoAgency;
  documentId: string;
  at: number;
}

export function startTrafficSimulator(options: {
  endpoint: string;
  nation: SeededNation;
  ratePerMinute: number;
  logger: SimulatorLogger;
  random?: () => number;
  /** Signs packages with the sending agency's seal; without it every package goes unsigned. */
  pki?: DemoPki | undefined;
  /** Share of packages signed when `pki` is given (default DEMO_SIGNED_SHARE). */
  signedShare?: number;
  /** Start the timer (false in tests that call tick()). */
  autoStart?: boolean;
}): TrafficSimulator {
  const random = options.random ?? Math.random;
  const pick = (n: number) => Math.floor(random() * n);
  const chance = (p: number) => random() < p;
  const agencies = new Map(options.nation.agencies.map((a) => [a.code, a]));
  const clients = new Map<string, VxpClient>();
  const systemOf = new Map<string, VxpClient>();
  const receivers = new Set<string>();
  for (const s of options.nation.systems) {
    for (const code of s.agencies) receivers.add(code);
    // Agencies run in the office app are people's work: the simulator only writes to them.
    if (s.office) continue;
    const client = createVxpClient({
      endpoint: options.endpoint,
      systemId: s.systemId,
      secret: s.secret,
      timeoutMs: 30_000,
    });
    clients.set(s.systemId, client);
    for (const code of s.agencies) systemOf.set(code, client);
  }
  const all = options.nation.agencies.filter((a) => systemOf.has(a.code));
  const byKind = (k: DemoAgency['kind']) => all.filter((a) => a.kind === k);
  const officeAgencies = options.nation.agencies.filter(
    (a) => receivers.has(a.code) && !systemOf.has(a.code),
  );
  const senders: [number, DemoAgency[]][] = [
    [0.25, byKind('office')],
    [0.3, byKind('ministry')],
    [0.3, byKind('province')],
    [0.1, byKind('department')],
    [0.05, byKind('commune')],
  ];
  const workflows: Workflow[] = [];
  const sentDocs: SentDocument[] = [];
  const stats = { sent: 0, signed: 0, statuses: 0, fetched: 0, errors: 0 };
  const signedShare = options.signedShare ?? DEMO_SIGNED_SHARE;

  /** Sends a package as `from`'s system does: signed with the agency's seal most of the time. */
  const send = async (
    client: VxpClient,
    bytes: Uint8Array,
    from: DemoAgency,
    messagetype?: 'status',
  ): Promise<void> => {
    const signer: Signer | undefined =
      options.pki && chance(signedShare) ? await options.pki.signerFor(from) : undefined;
    await client.sendEdoc(bytes, {
      from: from.code,
      ...(messagetype ? { messagetype } : {}),
      ...(signer ? { signer } : {}),
    });
    if (signer) stats.signed += 1;
  };

  const chooseSender = (): DemoAgency => {
    let r = random();
    for (const [weight, list] of senders) {
      if (r < weight && list.length > 0) return list[pick(list.length)]!;
      r -= weight;
    }
    return all[pick(all.length)]!;
  };
  const chooseRecipients = (from: DemoAgency): DemoAgency[] => {
    const n = 1 + pick(3);
    const out = new Map<string, DemoAgency>();
    for (let i = 0; i < n * 3 && out.size < n; i += 1) {
      const r = random();
      const pool =
        r < 0.1 && officeAgencies.length > 0
          ? officeAgencies
          : r < 0.45
            ? byKind('province')
            : r < 0.7
              ? byKind('ministry')
              : r < 0.9
                ? byKind('department')
                : byKind('commune');
      const a = pool[pick(pool.length)];
      if (a && a.code !== from.code) out.set(a.code, a);
    }
    return [...out.values()];
  };

  const guard = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      stats.errors += 1;
      options.logger.debug({ err, what }, 'demo traffic step failed');
    }
  };

  async function sendDocument(): Promise<void> {
    const from = chooseSender();
    const to = chooseRecipients(from);
    if (to.length === 0) return;
    const now = new Date();
    // A fifth of documents are due within days; a few were due yesterday (they will be late).
    const due = chance(0.05)
      ? new Date(now.getTime() - 86_400_000)
      : chance(0.2)
        ? new Date(now.getTime() + (1 + pick(10)) * 86_400_000)
        : null;
    const doc = await buildDemoDocument({ from, to, paper: chance(0.15), dueDate: due, now, pick });
    const client = systemOf.get(from.code)!;
    await send(client, doc.bytes, from);
    stats.sent += 1;
    sentDocs.push({ client, from, documentId: doc.documentId, at: now.getTime() });
    if (sentDocs.length > 200) sentDocs.shift();
  }

  async function processInbox(client: VxpClient): Promise<void> {
    const items = await client.getReceivedEdocList({ messagetype: 'edoc', pageSize: 5, pageIndex: 1 });
    for (const item of items) {
      const bytes = await client.getEdoc(item.docId);
      stats.fetched += 1;
      const pkg = parsePackageSync(bytes).package;
      await client.updateStatus(item.docId, 'done');
      const recipient = agencies.get(item.to);
      const documentId = pkg.header.documentId;
      if (!recipient || !documentId || pkg.kind !== 'edoc') continue;
      const r = random();
      const steps =
        r < 0.08
          ? ['01', '02']
          : r < 0.2
            ? ['01', '03', '04']
            : r < 0.3
              ? ['03', '04', '05']
              : ['01', '03', '04', '05', '06'];
      workflows.push({
        client,
        recipient,
        sender: item.from,
        documentId,
        steps,
        notBefore: Date.now() + pick(5000),
      });
    }
  }

  async function processStatusInbox(client: VxpClient): Promise<void> {
    const items = await client.getReceivedEdocList({ messagetype: 'status', pageSize: 10, pageIndex: 1 });
    for (const item of items) {
      const bytes = await client.getEdoc(item.docId);
      await client.updateStatus(item.docId, 'done');
      const pkg = parsePackageSync(bytes).package;
      if (pkg.kind !== 'status' || pkg.status.statusCode !== '13') continue;
      // A sender took a document back (13): the recipient agrees (15), Decree 30/2020 Art. 18(4).
      const recipient = agencies.get(item.to);
      const documentId = pkg.header.responseFor[0]?.documentId;
      if (!recipient || !documentId) continue;
      const index = workflows.findIndex(
        (w) => w.documentId === documentId && w.recipient.code === recipient.code,
      );
      if (index >= 0) workflows.splice(index, 1);
      const status = await buildDemoStatus({
        from: recipient,
        responseFor: { organId: item.from, documentId },
        statusCode: '15',
        now: new Date(),
      });
      await send(client, status, recipient, 'status');
      stats.statuses += 1;
    }
  }

  async function advance(w: Workflow): Promise<void> {
    const code = w.steps.shift();
    if (!code) return;
    const status = await buildDemoStatus({
      from: w.recipient,
      responseFor: { organId: w.sender, documentId: w.documentId },
      statusCode: code,
      now: new Date(),
    });
    await send(w.client, status, w.recipient, 'status');
    stats.statuses += 1;
    w.notBefore = Date.now() + 2000 + pick(15_000);
  }

  async function revokeOne(): Promise<void> {
    const doc = sentDocs.splice(pick(sentDocs.length), 1)[0];
    if (!doc) return;
    const status = await buildDemoStatus({
      from: doc.from,
      responseFor: { organId: doc.from.code, documentId: doc.documentId },
      statusCode: '13',
      now: new Date(),
    });
    await send(doc.client, status, doc.from, 'status');
    stats.statuses += 1;
  }

  const systemList = [...clients.values()];
  async function tick(): Promise<void> {
    await guard('send', sendDocument);
    for (let i = 0; i < 2; i += 1)
      await guard('inbox', () => processInbox(systemList[pick(systemList.length)]!));
    await guard('status-inbox', () => processStatusInbox(systemList[pick(systemList.length)]!));
    const now = Date.now();
    let moved = 0;
    for (const w of [...workflows]) {
      if (moved >= 3) break;
      if (w.notBefore > now) continue;
      await guard('status', () => advance(w));
      moved += 1;
      if (w.steps.length === 0) workflows.splice(workflows.indexOf(w), 1);
    }
    if (chance(0.03)) await guard('revoke', revokeOne);
  }

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const intervalMs = Math.max(50, Math.round(60_000 / Math.max(options.ratePerMinute, 1)));
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  if (options.autoStart !== false && options.ratePerMinute > 0) timer = setTimeout(loop, 500);
  options.logger.info(
    {
      ratePerMinute: options.ratePerMinute,
      systems: clients.size,
      signedShare: options.pki ? signedShare : 0,
    },
    'demo traffic simulator started',
  );

  return {
    stats,
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
