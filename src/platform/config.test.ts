import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from './config.ts';
import { tempDir } from '../../test/helpers/temp-dir.ts';

test('defaults: port 8080, ./data, embedded database, info logs', async () => {
  const dir = await tempDir();
  try {
    const config = loadConfig({ DATA_DIR: dir.path });
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, dir.path);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.secretKey.length, 32);
    assert.ok(Object.isFrozen(config));
    // The generated key is kept: a second start reads the same key.
    assert.deepEqual(loadConfig({ DATA_DIR: dir.path }).secretKey, config.secretKey);
  } finally {
    await dir.cleanup();
  }
});

test('flags override the environment', async () => {
  const dir = await tempDir();
  try {
    const config = loadConfig(
      { DATA_DIR: '/nonexistent', PORT: '1', LOG_LEVEL: 'debug' },
      { dataDir: dir.path, port: '9090', logLevel: 'warn' },
    );
    assert.equal(config.port, 9090);
    assert.equal(config.dataDir, dir.path);
    assert.equal(config.logLevel, 'warn');
  } finally {
    await dir.cleanup();
  }
});

test('fails fast with a clear message on bad values', async () => {
  const dir = await tempDir();
  try {
    const env = { DATA_DIR: dir.path };
    assert.throws(
      () => loadConfig({ ...env, PORT: 'eighty' }),
      (err: unknown) => err instanceof ConfigError && /PORT/.test(err.message),
    );
    assert.throws(() => loadConfig({ ...env, PORT: '70000' }), ConfigError);
    assert.throws(() => loadConfig({ ...env, LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.throws(() => loadConfig({ ...env, DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ ...env, SECRET_KEY: 'c2hvcnQ=' }), /SECRET_KEY/);
    assert.throws(() => loadConfig({ ...env, DEMO: 'maybe' }), /DEMO/);
  } finally {
    await dir.cleanup();
  }
});

test('accepts a 32-byte SECRET_KEY in hex or base64', async () => {
  const dir = await tempDir();
  try {
    const hex = 'ab'.repeat(32);
    assert.equal(loadConfig({ DATA_DIR: dir.path, SECRET_KEY: hex }).secretKey.toString('hex'), hex);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    assert.deepEqual(loadConfig({ DATA_DIR: dir.path, SECRET_KEY: b64 }).secretKey, Buffer.alloc(32, 7));
  } finally {
    await dir.cleanup();
  }
});

test('TRUST_DIR: unset means integrity-only signature checks; set, it must exist', async () => {
  const dir = await tempDir();
  try {
    assert.equal(loadConfig({ DATA_DIR: dir.path }).trustDir, undefined);
    assert.equal(loadConfig({ DATA_DIR: dir.path, TRUST_DIR: dir.path }).trustDir, dir.path);
    assert.throws(
      () => loadConfig({ DATA_DIR: dir.path, TRUST_DIR: `${dir.path}/khong-co` }),
      (err: unknown) => err instanceof ConfigError && /TRUST_DIR/.test(err.message),
    );
  } finally {
    await dir.cleanup();
  }
});

test('HTTP_WORKERS: one by default; several only on PostgreSQL and without the demo; auto adapts', async () => {
  const dir = await tempDir();
  try {
    const pg = { DATA_DIR: dir.path, DATABASE_URL: 'postgres://u@h/db' };
    assert.equal(loadConfig({ DATA_DIR: dir.path }).httpWorkers, 1);
    assert.equal(loadConfig({ ...pg, HTTP_WORKERS: '3' }).httpWorkers, 3);
    assert.equal(loadConfig(pg, { httpWorkers: '2' }).httpWorkers, 2);
    assert.ok(loadConfig({ ...pg, HTTP_WORKERS: 'auto' }).httpWorkers >= 1);
    // PGlite lives in one process; the demo's simulator too: auto falls back to one, a number is refused.
    assert.equal(loadConfig({ DATA_DIR: dir.path, HTTP_WORKERS: 'auto' }).httpWorkers, 1);
    assert.equal(loadConfig({ ...pg, HTTP_WORKERS: 'auto', DEMO: 'true' }).httpWorkers, 1);
    assert.throws(
      () => loadConfig({ DATA_DIR: dir.path, HTTP_WORKERS: '2' }),
      (err: unknown) => err instanceof ConfigError && /HTTP_WORKERS.*PostgreSQL/s.test(err.message),
    );
    assert.throws(() => loadConfig({ ...pg, HTTP_WORKERS: '2', DEMO: 'true' }), /DEMO/);
    assert.throws(() => loadConfig({ ...pg, HTTP_WORKERS: '0' }), /HTTP_WORKERS/);
    assert.throws(() => loadConfig({ ...pg, HTTP_WORKERS: 'many' }), /HTTP_WORKERS/);
  } finally {
    await dir.cleanup();
  }
});
