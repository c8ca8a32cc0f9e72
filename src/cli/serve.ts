import type { Command } from 'commander';
import { CONTEXTS, type ContextName } from '../main.ts';
import { serve } from '../serve.ts';
import { createLogger } from '../platform/index.ts';
import { action, configFrom, EXIT_USAGE } from './context.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('chạy máy chủ / run the server: all | axis | office | monitor')
    .argument('[context]', 'which context to serve', 'all')
    .option('-p, --port <port>', 'cổng HTTP / HTTP port (PORT)')
    .option('--host <host>', 'địa chỉ lắng nghe / bind address (HOST)')
    .option(
      '--workers <n>',
      'số tiến trình HTTP (cần PostgreSQL) / HTTP worker processes, a number or auto (HTTP_WORKERS; PostgreSQL only)',
    )
    .option(
      '--demo',
      'dữ liệu demo + mô phỏng lưu lượng / seed demo data and run the traffic simulator (DEMO)',
    )
    .action(
      action(
        async (
          context: string,
          opts: { port?: string; host?: string; demo?: boolean; workers?: string },
          command: Command,
        ) => {
          const contexts: readonly ContextName[] =
            context === 'all'
              ? CONTEXTS
              : CONTEXTS.includes(context as ContextName)
                ? [context as ContextName]
                : [];
          if (contexts.length === 0) {
            process.stderr.write(
              `Không có ngữ cảnh "${context}" / unknown context; choose all, ${CONTEXTS.join(', ')}\n`,
            );
            process.exitCode = EXIT_USAGE;
            return;
          }
          const config = configFrom(
            command,
            {
              ...(opts.port ? { port: opts.port } : {}),
              ...(opts.host ? { host: opts.host } : {}),
              ...(opts.demo ? { demo: true } : {}),
              ...(opts.workers ? { httpWorkers: opts.workers } : {}),
            },
            'info',
          );
          const log = createLogger('info', 'lienthong');
          const running = await serve(config, contexts, log);
          const stop = (signal: string) => {
            log.info({ signal }, 'stopping');
            running.close().then(
              () => process.exit(0),
              () => process.exit(1),
            );
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
          // Workers of a cluster print nothing: the primary speaks for them.
          if (running.role === 'worker') return;
          const db = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir}/db)`;
          log.info({ contexts, database: db, dataDir: config.dataDir }, 'Liên Thông started');
          process.stdout.write(
            [
              '',
              `Liên Thông đang chạy / is running — ${contexts.join(', ')}`,
              `  Trang chủ / Home:        ${running.url}/`,
              `  API (OpenAPI):           ${running.url}/api/docs`,
              `  Trục VXP / VXP endpoint: ${running.url}/vxp`,
              `  Sức khỏe / Health:       ${running.url}/healthz`,
              `  Số liệu / Metrics:       ${running.url}/metrics`,
              `  Cơ sở dữ liệu / DB:      ${db}`,
              ...(running.role === 'primary'
                ? [`  Tiến trình HTTP / HTTP workers: ${config.httpWorkers}`]
                : []),
              '',
            ].join('\n'),
          );
          if (running.demo) process.stdout.write(running.demo.banner + '\n');
        },
      ),
    );
}
