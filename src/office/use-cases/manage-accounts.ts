/**
 * Agencies (tenants), departments and users; password sign-in with argon2id, lockout after repeated
 * failures, sessions whose token is only stored hashed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../platform/index.ts';
import { officeErrors } from '../domain/errors.ts';
import { isRole } from '../domain/roles.ts';
import type { AgencyRecord, OfficeStore, UserRecord } from './ports.ts';
import type { SecretCipher } from '../storage/secret-cipher.ts';

/** Failed sign-ins before the account is locked, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

// argon2id, OWASP's minimum profile (19 MiB, t=2, p=1): ~30 ms here.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// A hash of a random password, verified when the username is unknown so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

function checkPassword(password: string): void {
  if (password.length < 8 || password.length > 256) {
    throw officeErrors.error('office.invalid_input', { field: 'password', reason: '8–256 characters' });
  }
}

export async function createAgency(
  deps: { store: OfficeStore; cipher: SecretCipher },
  input: { code: string; name: string; abbreviation: string; axisSystemId?: string; axisSecret?: string },
): Promise<AgencyRecord> {
  const code = input.code.trim();
  if (!/^[0-9A-Za-z.]{3,40}$/.test(code)) throw officeErrors.error('office.invalid_input', { field: 'code' });
  if (await deps.store.getAgencyByCode(code)) throw officeErrors.error('office.agency_exists', { code });
  return deps.store.createAgency({
    code,
    name: input.name.normalize('NFC').trim(),
    abbreviation: input.abbreviation.normalize('NFC').trim(),
    axisSystemId: input.axisSystemId ?? null,
    axisSecret: input.axisSecret ? deps.cipher.encrypt(input.axisSecret) : null,
  });
}

export async function setAxisCredentials(
  deps: { store: OfficeStore; cipher: SecretCipher },
  agencyId: number,
  systemId: string,
  secret: string,
): Promise<void> {
  await deps.store.setAxisCredentials(agencyId, systemId.trim(), deps.cipher.encrypt(secret));
  await deps.store.audit({
    agencyId,
    userId: null,
    action: 'agency.axis_credentials_set',
    details: { systemId },
  });
}

export async function createUser(
  deps: { store: OfficeStore },
  input: {
    agencyId: number;
    username: string;
    password: string;
    fullName: string;
    role: string;
    departmentId?: number | null;
    position?: string | null;
  },
  actorId: number | null = null,
): Promise<UserRecord> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,64}$/.test(username))
    throw officeErrors.error('office.invalid_input', { field: 'username' });
  if (!isRole(input.role)) throw officeErrors.error('office.invalid_input', { field: 'role' });
  checkPassword(input.password);
  if (await deps.store.getUserByUsername(username))
    throw officeErrors.error('office.username_taken', { username });
  if (input.departmentId != null) {
    const list = await deps.store.listDepartments(input.agencyId);
    if (!list.some((d) => d.id === input.departmentId)) {
      throw officeErrors.error('office.invalid_input', { field: 'departmentId' });
    }
  }
  const user = await deps.store.createUser({
    agencyId: input.agencyId,
    departmentId: input.departmentId ?? null,
    username,
    fullName: input.fullName.normalize('NFC').trim(),
    position: input.position ?? null,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  await deps.store.audit({
    agencyId: input.agencyId,
    userId: actorId,
    action: 'user.created',
    objectType: 'user',
    objectId: user.id,
    details: { username, role: input.role },
  });
  return user;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SignInResult {
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly user: UserRecord;
}

export async function signIn(
  deps: { store: OfficeStore; clock: Clock },
  input: { username: string; password: string },
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const user = await deps.store.getUserByUsername(username);
  const now = deps.clock.now();
  if (!user || !user.active) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, input.password).catch(() => false);
    await deps.store.audit({
      agencyId: null,
      userId: null,
      action: 'auth.login_failed',
      details: { username },
    });
    throw officeErrors.error('office.login_failed');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await deps.store.audit({ agencyId: user.agencyId, userId: user.id, action: 'auth.login_locked' });
    throw officeErrors.error('office.account_locked', { until: user.lockedUntil.toISOString() });
  }
  const ok = await verify(user.passwordHash, input.password).catch(() => false);
  if (!ok) {
    const failures = user.failedLogins + 1;
    const lock = failures >= LOCKOUT_THRESHOLD ? new Date(now.getTime() + LOCKOUT_MS) : null;
    await deps.store.setLoginFailures(user.id, lock ? 0 : failures, lock);
    await deps.store.audit({
      agencyId: user.agencyId,
      userId: user.id,
      action: lock ? 'auth.locked' : 'auth.login_failed',
      details: { failures },
    });
    if (lock) throw officeErrors.error('office.account_locked', { until: lock.toISOString() });
    throw officeErrors.error('office.login_failed');
  }
  if (user.failedLogins > 0 || user.lockedUntil) await deps.store.setLoginFailures(user.id, 0, null);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.store.createSession({ tokenHash: hashToken(token), userId: user.id, csrfToken, expiresAt });
  await deps.store.audit({ agencyId: user.agencyId, userId: user.id, action: 'auth.login' });
  return { token, csrfToken, expiresAt, user };
}

export async function resolveSession(
  deps: { store: OfficeStore; clock: Clock },
  token: string,
): Promise<{ user: UserRecord; csrfToken: string } | undefined> {
  const session = await deps.store.getSession(hashToken(token));
  if (!session || session.expiresAt <= deps.clock.now()) return undefined;
  const found = await deps.store.getUserById(session.userId);
  if (!found || !found.active) return undefined;
  return { user: found, csrfToken: session.csrfToken };
}

export async function signOut(deps: { store: OfficeStore }, token: string, user: UserRecord): Promise<void> {
  await deps.store.deleteSession(hashToken(token));
  await deps.store.audit({ agencyId: user.agencyId, userId: user.id, action: 'auth.logout' });
}

/**
 * The agency admin deactivates a user (left the agency, moved): they can no longer sign in and their
 * sessions stop at once (`resolveSession` checks `active`); what waits for them stays, and a review
 * step they hold is reassigned by the drafter or an admin (review-chain.ts `reassignReviewStep`).
 */
export async function deactivateUser(
  deps: { store: OfficeStore },
  actor: { agencyId: number; userId: number },
  userId: number,
): Promise<void> {
  if (userId === actor.userId)
    throw officeErrors.error('office.invalid_input', { field: 'userId', reason: 'self' });
  if (!(await deps.store.setUserActive(actor.agencyId, userId, false)))
    throw officeErrors.error('office.not_found', { userId });
  await deps.store.audit({
    agencyId: actor.agencyId,
    userId: actor.userId,
    action: 'user.deactivated',
    objectType: 'user',
    objectId: userId,
  });
}
