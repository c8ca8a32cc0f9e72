import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createVxpClient, VxpError } from '../../axis-client/index.ts';
import { createHttpServer, createLogger, LocalBlobStore, type HttpServer } from '../../platform/index.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { tempDir } from '../../../test/helpers/temp-dir.ts';
import { createAxis } from '../index.ts';
import { registerAgency } from '../use-cases/register-agency.ts';
import { registerSystem } from '../use-cases/register-system.ts';

let database: TestDatabase;
let dir: Awaited<ReturnType<typeof tempDir>>;
let server: HttpServer;
let endpoint: string;

describe('VXP rate limit per system', () => {
  before(async () => {
    database = await createTestDatabase();
    dir = await tempDir('axis-rate-');
    const axis = createAxis({
      database,
      blobs: new LocalBlobStore(join(dir.path, 'blobs')),
      secretKey: randomBytes(32),
      maxPackageBytes: 1024 * 1024,
      vxpTimestampWindowSeconds: 300,
      rateLimitPerMinute: 5,
    });
    server = await createHttpServer({ logger: createLogger('silent') });
    await server.register((app) => axis.vxpPlugin(app), { prefix: '/vxp' });
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/vxp`;
    await registerAgency(axis.stores, { code: '000.00.00.H41', name: 'UBND tỉnh Nghệ An' });
    await registerAgency(axis.stores, { code: '000.00.00.H49', name: 'UBND tỉnh Quảng Ninh' });
    await registerSystem(axis.stores, {
      systemId: 'busy',
      secret: 'busy-secret-0123456789',
      agencies: ['000.00.00.H41'],
    });
    await registerSystem(axis.stores, {
      systemId: 'calm',
      secret: 'calm-secret-0123456789',
      agencies: ['000.00.00.H49'],
    });
  });
  after(async () => {
    await server.close();
    await database.close();
    await dir.cleanup();
  });

  it('answers 429 with a VXP FAIL body once a system exceeds its quota, without affecting other systems', async () => {
    const busy = createVxpClient({ endpoint, systemId: 'busy', secret: 'busy-secret-0123456789' });
    for (let i = 0; i < 5; i++) assert.equal(await busy.countReceiveEdoc(), 0);
    const err = await busy.countReceiveEdoc().then(
      () => assert.fail('expected the rate limit'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof VxpError, String(err));
    assert.equal(err.httpStatus, 429);
    assert.equal(err.errorCode, '92');
    const calm = createVxpClient({ endpoint, systemId: 'calm', secret: 'calm-secret-0123456789' });
    assert.equal(await calm.countReceiveEdoc(), 0);
  });
});
