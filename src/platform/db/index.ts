export { openDatabase, sql, type Database, type Db, type OpenDatabaseOptions } from './database.ts';
export { migrateDatabase, migrationContexts, MIGRATIONS_DIR } from './migrate.ts';
