/**
 * `lienthong demo seed [--documents <n>] [--days <d>]`: seeds the demo nation and months of history
 * (bulk SQL into the axis tables and a valid evidence chain), then projects the monitor's read models.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { axisStoresFor, seedHistory, seedNation } from '../demo/index.ts';
import { projectNextBatch } from '../monitor/index.ts';
import { openPlatform } from '../main.ts';
import { action, configFrom, EXIT_USAGE, globalOptions, printJson } from './context.ts';

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('dữ liệu demo / demo data');
  demo
    .command('seed')
    .description('tạo quốc gia demo và lịch sử văn bản / seed the demo nation and document history')
    .option('-n, --documents <n>', 'số văn bản lịch sử / documents of history', '10000')
    .option('--days <d>', 'trải trên bao nhiêu ngày / spread over this many days', '180')
    .option('--no-project', 'không cập nhật số liệu giám sát ngay / leave projection to the server')
    .action(
      action(async (opts: { documents: string; days: string; project: boolean }, command: Command) => {
        const documents = Number(opts.documents);
        const days = Number(opts.days);
        if (
          !Number.isInteger(documents) ||
          documents < 0 ||
          documents > 50_000_000 ||
          !Number.isInteger(days) ||
          days < 1 ||
          days > 3650
        ) {
          process.stderr.write(
            '--documents phải là số nguyên 0…50 000 000, --days 1…3650 / invalid numbers\n',
          );
          process.exitCode = EXIT_USAGE;
          return;
        }
        const json = globalOptions(command).json;
        const config = configFrom(command);
        const platform = await openPlatform(config);
        try {
          const nation = await seedNation(axisStoresFor(platform), config.secretKey);
          const started = Date.now();
          const bar = json
            ? undefined
            : new SingleBar(
                { format: 'Văn bản / documents {bar} {value}/{total} ({eta}s)' },
                Presets.shades_classic,
              );
          bar?.start(documents, 0);
          const result = await seedHistory(platform.database, {
            documents,
            days,
            now: new Date(),
            agencies: nation.agencies,
            systems: nation.systems,
            onProgress: (done) => bar?.update(done),
          });
          bar?.stop();
          const seededMs = Date.now() - started;
          let projected = 0;
          if (opts.project) {
            const pbar = json
              ? undefined
              : new SingleBar(
                  { format: 'Giám sát / projection {bar} {value}/{total} sự kiện' },
                  Presets.shades_classic,
                );
            pbar?.start(result.events, 0);
            for (;;) {
              const batch = await projectNextBatch(platform.database, 10_000);
              if (batch.rows === 0) break;
              projected += batch.rows;
              pbar?.update(Math.min(projected, result.events));
            }
            pbar?.stop();
          }
          const summary = {
            ...result,
            agencies: nation.agencies.length,
            systems: nation.systems.length,
            seedSeconds: Math.round(seededMs / 100) / 10,
            projectedEvents: projected,
            totalSeconds: Math.round((Date.now() - started) / 100) / 10,
          };
          if (json) printJson(summary);
          else {
            process.stdout.write(
              `Đã tạo / seeded ${result.documents} văn bản, ${result.deliveries} lượt nhận, ${result.events} sự kiện bằng chứng ` +
                `trong ${summary.seedSeconds} s; số liệu giám sát cập nhật cùng lúc / monitor read models projected with the seed` +
                (projected > 0 ? ` (+${projected} sự kiện bắt kịp / events caught up)` : '') +
                ` (tổng / total ${summary.totalSeconds} s)\n`,
            );
          }
        } finally {
          await platform.close();
        }
      }),
    );
}
