/**
 * Authentication of REST calls with the system's own VXP credentials (docs/API.md "Authentication"):
 *
 *   Authorization: LT-HMAC-SHA256 systemid=<id>, timestamp=<ISO 8601>, signature=<hex>
 *   X-Content-SHA256: <hex SHA-256 of the body (of the package for sends), of "" when there is none>
 *   signature = hex(HMAC-SHA256(secret, METHOD "\n" path-with-query "\n" timestamp "\n" X-Content-SHA256))
 *
 * The header is authenticated before the body is read; the body is then checked against the digest
 * (sends: by the send use case as `hash-file`; JSON bodies: by the JSON parser of these routes).
 * Verification is independent of src/axis-client's signer on purpose: the tests cross-check the two.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { hmacSha256, type Clock } from '../../platform/index.ts';
import { axisApiErrors } from '../domain/api-errors.ts';
import { axisErrors } from '../domain/errors.ts';
import type { SystemCredentials, SystemStore } from '../use-cases/ports.ts';

export interface AuthenticatedSystem {
  readonly systemId: string;
  readonly agencies: readonly string[];
  /** The system's secret, for signing its webhooks; never logged or returned. */
  readonly secret: string;
  readonly bodySha256: string;
}

const AUTH_PATTERN =
  /^LT-HMAC-SHA256\s+systemid=([^,\s]{1,128}),\s*timestamp=([0-9T:.+\-Z]{10,40}),\s*signature=([0-9a-f]{64})$/;

export interface RestAuthOptions {
  readonly systems: Pick<SystemStore, 'getCredentials'>;
  readonly clock: Clock;
  /** Accepted clock skew either way (seconds); the VXP window (config.vxpTimestampWindowSeconds). */
  readonly windowSeconds: number;
  /** How long decrypted credentials are reused (ms); a rotated or suspended system takes effect after it. */
  readonly cacheMs?: number;
}

export function createRestAuthenticator(options: RestAuthOptions) {
  const cacheMs = options.cacheMs ?? 2_000;
  const cache = new Map<string, { at: number; credentials: SystemCredentials | undefined }>();

  async function credentialsOf(systemId: string): Promise<SystemCredentials | undefined> {
    const now = Date.now();
    const hit = cache.get(systemId);
    if (hit && now - hit.at < cacheMs) return hit.credentials;
    const credentials = await options.systems.getCredentials(systemId);
    if (cache.size > 10_000) cache.clear();
    cache.set(systemId, { at: now, credentials });
    return credentials;
  }

  return async function authenticate(req: FastifyRequest): Promise<AuthenticatedSystem> {
    const header = req.headers.authorization;
    const bodySha256 = req.headers['x-content-sha256'];
    if (typeof header !== 'string' || typeof bodySha256 !== 'string' || !/^[0-9a-f]{64}$/.test(bodySha256)) {
      throw axisApiErrors.error('axis.rest_auth_missing');
    }
    const match = AUTH_PATTERN.exec(header.trim());
    if (!match)
      throw axisApiErrors.error('axis.rest_auth_missing', { reason: 'malformed Authorization header' });
    const [, systemId = '', timestamp = '', signature = ''] = match;
    const at = Date.parse(timestamp);
    const skew = Math.abs(options.clock.now().getTime() - at);
    if (!Number.isFinite(at) || skew > options.windowSeconds * 1000) {
      throw axisErrors.error('axis.timestamp_invalid', { windowSeconds: options.windowSeconds });
    }
    const credentials = await credentialsOf(systemId);
    // An unknown system and a wrong signature answer alike: nothing tells a prober which ids exist.
    const secret = credentials?.secret ?? '\u0000unknown-system';
    const expected = hmacSha256(
      secret,
      `${req.method.toUpperCase()}\n${req.url}\n${timestamp}\n${bodySha256}`,
    );
    const given = Buffer.from(signature, 'hex');
    if (!credentials || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw axisApiErrors.error('axis.rest_signature_invalid');
    }
    if (credentials.status !== 'active') throw axisErrors.error('axis.system_suspended', { systemId });
    return { systemId, agencies: credentials.agencies, secret: credentials.secret, bodySha256 };
  };
}

/** Agency scoping: `agency` must be one the system serves; no agency means all of them. */
export function agenciesFor(system: AuthenticatedSystem, agency: string | undefined): readonly string[] {
  if (agency === undefined || agency === '') return system.agencies;
  if (!system.agencies.includes(agency)) throw axisApiErrors.error('axis.rest_agency_forbidden', { agency });
  return [agency];
}
