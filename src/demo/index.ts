/**
 * The living demo: on a fresh data folder, seeds the demo nation and a few months of history, then
 * runs the traffic simulator against the axis over loopback HTTP. Switched on by `config.demo`
 * (DEMO=true, `serve --demo`, and `npm start`); the simulator alone is switched off with DEMO_RATE=0.
 */
import { createAxisStores } from '../axis/index.ts';
import { createStandardsPackageReader } from '../axis/use-cases/standards-package-reader.ts';
import { monitorOperatorToken } from '../monitor/index.ts';
import { systemClock, type BlobStore, type Config, type Database, type Logger } from '../platform/index.ts';
import { seedHistory } from './seed-history.ts';
import { seedNation, type SeededNation } from './seed-nation.ts';
import { seedOfficeDemo, type DemoOffice, type DemoUser } from './seed-office.ts';
import { startTrafficSimulator, type TrafficSimulator } from './traffic-simulator.ts';

export { seedNation, seedHistory, startTrafficSimulator };
export type { SeededNation, TrafficSimulator, DemoOffice, DemoUser };

export interface RunningDemo {
  readonly nation: SeededNation;
  readonly simulator: TrafficSimulator | undefined;
  /** Demo users of the office app (empty when the office is not served). */
  readonly users: readonly DemoUser[];
  /** What to print at start: demo credentials, clearly marked as such. */
  readonly banner: string;
  stop(): Promise<void>;
}

/** Documents of history written on the first start (the CLI writes as many as asked). */
const FIRST_START_HISTORY = 3000;

export function axisStoresFor(deps: { database: Database; blobs: BlobStore; config: Config }) {
  return createAxisStores({
    database: deps.database,
    blobs: deps.blobs,
    secretKey: deps.config.secretKey,
    clock: systemClock,
    reader: createStandardsPackageReader({ maxBytes: deps.config.maxPackageBytes }),
  });
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
}): Promise<RunningDemo> {
  const stores = axisStoresFor(deps);
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
        })
      : undefined;
  const sample = nation.systems.slice(0, 4);
  const banner = [
    '',
    '  *** DỮ LIỆU DEMO / DEMO DATA — không dùng cho vận hành thật / not for production ***',
    `  Cơ quan / agencies: ${nation.agencies.length} (VPCP, bộ, 34 tỉnh/thành, sở, xã/phường mẫu)`,
    `  Giám sát / monitor:    ${deps.publicUrl}/giam-sat/   mã truy cập / operator token: ${monitorOperatorToken(deps.config)}`,
    `  Mô phỏng / simulator:  ${simulator ? `${deps.config.demoRatePerMinute} văn bản/phút (DEMO_RATE=0 để tắt)` : 'tắt / off'}`,
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
    users,
    banner,
    async stop() {
      await simulator?.stop();
    },
  };
}
