/**
 * The living demo: on a fresh data folder, seeds the demo nation and a few months of history, then
 * runs the traffic simulator against the axis over loopback HTTP. Switched on by `config.demo`
 * (DEMO=true, `serve --demo`, and `npm start`); the simulator alone is switched off with DEMO_RATE=0.
 */
import { createAxis } from '../axis/index.ts';
import { monitorOperatorToken } from '../monitor/index.ts';
import type { BlobStore, Config, Database, Logger } from '../platform/index.ts';
import { DEMO_SIGNED_SHARE, openDemoPki, type DemoPki } from './demo-pki.ts';
import { seedHistory } from './seed-history.ts';
import { seedNation, type SeededNation } from './seed-nation.ts';
import { seedOfficeDemo, type DemoOffice, type DemoUser } from './seed-office.ts';
import { startTrafficSimulator, type TrafficSimulator } from './traffic-simulator.ts';

export { seedNation, seedHistory, startTrafficSimulator, openDemoPki, DEMO_SIGNED_SHARE };
export type { SeededNation, TrafficSimulator, DemoOffice, DemoUser, DemoPki };

export interface RunningDemo {
  readonly nation: SeededNation;
  readonly simulator: TrafficSimulator | undefined;
  /** The demo CA and agency seals the simulator signs with. */
  readonly pki: DemoPki;
  /** Demo users of the office app (empty when the office is not served). */
  readonly users: readonly DemoUser[];
  /** What to print at start: demo credentials, clearly marked as such. */
  readonly banner: string;
  stop(): Promise<void>;
}

/** Documents of history written on the first start (the CLI writes as many as asked). */
const FIRST_START_HISTORY = 3000;

/** The axis's stores on the platform's database, through the axis's public factory. */
export function axisStoresFor(deps: { database: Database; blobs: BlobStore; config: Config }) {
  return createAxis({
    database: deps.database,
    blobs: deps.blobs,
    secretKey: deps.config.secretKey,
    maxPackageBytes: deps.config.maxPackageBytes,
    vxpTimestampWindowSeconds: deps.config.vxpTimestampWindowSeconds,
  }).stores;
}

/**
 * The demo's PKI under DATA_DIR, and the configuration the server should run with: when no
 * TRUST_DIR is configured, the axis trusts the demo CA, so the simulator's signatures are verified
 * with their chain (signed and valid, chain checked). Called before the axis is built.
 */
export async function prepareDemoTrust(config: Config): Promise<{ pki: DemoPki; config: Config }> {
  const pki = await openDemoPki({ dataDir: config.dataDir, secretKey: config.secretKey });
  return { pki, config: config.trustDir ? config : { ...config, trustDir: pki.trustDir } };
}

export async function startDemo(deps: {
  config: Config;
  database: Database;
  blobs: BlobStore;
  logger: Logger;
  /** The axis's VXP endpoint, e.g. http://127.0.0.1:8080/vxp */
  endpoint: string;
  publicUrl: string;
  /** The office context when it is served: demo users are created in it. */
  office?: DemoOffice | undefined;
  /** The demo PKI opened by prepareDemoTrust (opened here when not given). */
  pki?: DemoPki | undefined;
}): Promise<RunningDemo> {
  const stores = axisStoresFor(deps);
  const pki =
    deps.pki ?? (await openDemoPki({ dataDir: deps.config.dataDir, secretKey: deps.config.secretKey }));
  const nation = await seedNation(stores, deps.config.secretKey);
  if (nation.created) {
    const result = await seedHistory(deps.database, {
      documents: FIRST_START_HISTORY,
      days: 120,
      now: new Date(),
      agencies: nation.agencies,
      systems: nation.systems,
    });
    deps.logger.info(result, 'demo history seeded');
  }
  const users = deps.office ? await seedOfficeDemo(deps.office, nation, deps.config.secretKey) : [];
  const simulator =
    deps.config.demoRatePerMinute > 0
      ? startTrafficSimulator({
          endpoint: deps.endpoint,
          nation,
          ratePerMinute: deps.config.demoRatePerMinute,
          logger: deps.logger,
          pki,
        })
      : undefined;
  const sample = nation.systems.slice(0, 4);
  const banner = [
    '',
    '  *** DỮ LIỆU DEMO / DEMO DATA — không dùng cho vận hành thật / not for production ***',
    `  Cơ quan / agencies: ${nation.agencies.length} (VPCP, bộ, 34 tỉnh/thành, sở, xã/phường mẫu)`,
    `  Giám sát / monitor:    ${deps.publicUrl}/giam-sat/   mã truy cập / operator token: ${monitorOperatorToken(deps.config)}`,
    `  Mô phỏng / simulator:  ${simulator ? `${deps.config.demoRatePerMinute} văn bản/phút (DEMO_RATE=0 để tắt), ~${Math.round(DEMO_SIGNED_SHARE * 100)}% ký số / signed` : 'tắt / off'}`,
    `  CA demo / demo CA:     ${pki.caDir}${deps.config.trustDir === pki.trustDir ? ' (trục tin cậy / trusted by the axis)' : deps.config.trustDir ? ` (TRUST_DIR=${deps.config.trustDir}: chữ ký demo sẽ không được tin cậy / demo seals not trusted)` : ''}`,
    '  Hệ thống demo / demo systems (systemid / secret, VXP endpoint ' + deps.endpoint + '):',
    ...sample.map((s) => `    ${s.systemId.padEnd(16)} ${s.secret}   (${s.agencies.length} cơ quan) [DEMO]`),
    `    … ${nation.systems.length - sample.length} hệ thống khác: lienthong axis systems list`,
    ...(users.length > 0
      ? [
          `  Người dùng demo / demo users (${deps.publicUrl}/):`,
          ...users.map((u) => `    ${u.username.padEnd(16)} ${u.password}   ${u.role}, ${u.agency} [DEMO]`),
        ]
      : []),
    '',
  ].join('\n');
  return {
    nation,
    simulator,
    pki,
    users,
    banner,
    async stop() {
      await simulator?.stop();
    },
  };
}
