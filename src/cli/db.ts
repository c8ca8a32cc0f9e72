import type { Command } from 'commander';
import { migrateDatabase, openDatabase } from '../platform/index.ts';
import { action, configFrom, globalOptions, printJson } from './context.ts';

export function registerDb(program: Command): void {
  const db = program.command('db').description('cơ sở dữ liệu / database');
  db.command('migrate')
    .description('áp dụng các bản chuyển đổi lược đồ / apply schema migrations')
    .action(
      action(async (_opts: unknown, command: Command) => {
        const config = configFrom(command);
        const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
        try {
          const contexts = await migrateDatabase(database);
          if (globalOptions(command).json) printJson({ database: database.kind, contexts });
          else
            process.stdout.write(
              `Đã áp dụng / applied migrations (${database.kind}): ${contexts.join(', ')}\n`,
            );
        } finally {
          await database.close();
        }
      }),
    );
}
