import 'reflect-metadata';
import type { X509Certificate } from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Pkcs11Types from 'pkcs11js';
import { parseCertificate, orderChain, parseCertificates } from './certificates.ts';
import { pkiErrors } from './errors.ts';
import {
  ecdsaP1363ToDer,
  hashOf,
  nodeHashName,
  type SignatureAlgorithm,
  type SignOptions,
  type Signer,
} from './signer.ts';

export interface Pkcs11SignerOptions {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so or a USB token vendor's .so. */
  readonly module: string;
  /** Slot id (number as listed by `pkcs11-tool -L`); or give `tokenLabel`. */
  readonly slot?: number | bigint;
  readonly tokenLabel?: string;
  /** User PIN. Never logged. */
  readonly pin: string;
  /** CKA_LABEL of the private key (and of its certificate), or `id`. */
  readonly keyLabel?: string;
  /** CKA_ID of the key, hex. */
  readonly id?: string;
  /** The signer's certificate when the token does not hold it (PEM/DER), plus optional chain. */
  readonly certificate?: string | Uint8Array;
  readonly chain?: string | Uint8Array;
  readonly algorithm?: SignatureAlgorithm;
}

type Pkcs11Module = typeof Pkcs11Types;

let pkcs11js: Pkcs11Module | undefined;

/** Loads the native binding lazily so that a broken build only affects PKCS#11 users. */
function binding(): Pkcs11Module {
  if (!pkcs11js) {
    try {
      pkcs11js = createRequire(import.meta.url)('pkcs11js') as Pkcs11Module;
    } catch (cause) {
      throw pkiErrors.error('trust.pkcs11_unavailable', { reason: 'pkcs11js binding' }, { cause });
    }
  }
  return pkcs11js;
}

/**
 * One loaded module per path: C_Initialize may be called once per process per library, so signers
 * on the same module share it and the last close finalises.
 */
const loaded = new Map<string, { library: Pkcs11Types.PKCS11; users: number }>();

function openModule(path: string): Pkcs11Types.PKCS11 {
  const existing = loaded.get(path);
  if (existing) {
    existing.users++;
    return existing.library;
  }
  const { PKCS11 } = binding();
  const library = new PKCS11();
  try {
    library.load(path);
    library.C_Initialize();
  } catch (cause) {
    throw pkiErrors.error('trust.pkcs11_unavailable', { module: path }, { cause });
  }
  loaded.set(path, { library, users: 1 });
  return library;
}

function releaseModule(path: string): void {
  const entry = loaded.get(path);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  loaded.delete(path);
  try {
    entry.library.C_Finalize();
    entry.library.close();
  } catch {
    // Finalising a module that already failed is not worth an error on close.
  }
}

/** PKCS#11 handles are CK_ULONG in native byte order (little-endian here). */
export function handleNumber(handle: Buffer): bigint {
  return handle.length >= 8 ? handle.readBigUInt64LE(0) : BigInt(handle.readUInt32LE(0));
}

function findObjects(library: Pkcs11Types.PKCS11, session: Buffer, template: Pkcs11Types.Template): Buffer[] {
  library.C_FindObjectsInit(session, template);
  try {
    return library.C_FindObjects(session, 64);
  } finally {
    library.C_FindObjectsFinal(session);
  }
}

/**
 * A signer over a key held in a PKCS#11 token (USB token, HSM, SoftHSM2 in tests). The key stays on
 * the token: RSA signs with CKM_SHA*_RSA_PKCS; ECDSA hashes here and signs with plain CKM_ECDSA,
 * which every token supports.
 */
export function loadPkcs11Signer(options: Pkcs11SignerOptions): Promise<Signer> {
  // pkcs11js is synchronous; failures must still surface as a rejected promise.
  try {
    return Promise.resolve(openSigner(options));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function openSigner(options: Pkcs11SignerOptions): Signer {
  const p = binding();
  const library = openModule(options.module);
  let session: Buffer | undefined;
  const fail = (err: unknown): never => {
    if (session) {
      try {
        library.C_CloseSession(session);
      } catch {
        // already failing
      }
    }
    releaseModule(options.module);
    throw err;
  };
  try {
    const slots = library.C_GetSlotList(true);
    const slot = slots.find((s) => {
      if (options.slot !== undefined) return handleNumber(s) === BigInt(options.slot);
      if (options.tokenLabel !== undefined)
        return library.C_GetTokenInfo(s).label.trim() === options.tokenLabel;
      return true;
    });
    if (!slot) {
      throw pkiErrors.error('trust.pkcs11_token_not_found', {
        slot: options.slot?.toString(),
        tokenLabel: options.tokenLabel,
      });
    }
    session = library.C_OpenSession(slot, p.CKF_SERIAL_SESSION);
    try {
      library.C_Login(session, p.CKU_USER, options.pin);
    } catch (cause) {
      throw pkiErrors.error('trust.pkcs11_login_failed', {}, { cause });
    }
    const selector: Pkcs11Types.Template = [];
    if (options.keyLabel !== undefined) selector.push({ type: p.CKA_LABEL, value: options.keyLabel });
    if (options.id !== undefined) selector.push({ type: p.CKA_ID, value: Buffer.from(options.id, 'hex') });
    const [key] = findObjects(library, session, [
      { type: p.CKA_CLASS, value: p.CKO_PRIVATE_KEY },
      ...selector,
    ]);
    if (!key)
      throw pkiErrors.error('trust.pkcs11_key_not_found', { keyLabel: options.keyLabel, id: options.id });
    const keyAttributes = library.C_GetAttributeValue(session, key, [
      { type: p.CKA_KEY_TYPE },
      { type: p.CKA_ID },
    ]);
    const keyType = keyAttributes[0]?.value?.readUIntLE(0, 4);
    const keyId = keyAttributes[1]?.value;

    let certificate: X509Certificate | undefined = options.certificate
      ? parseCertificate(options.certificate)
      : undefined;
    const tokenCertificates: X509Certificate[] = [];
    for (const handle of findObjects(library, session, [{ type: p.CKA_CLASS, value: p.CKO_CERTIFICATE }])) {
      const [value, id] = library.C_GetAttributeValue(session, handle, [
        { type: p.CKA_VALUE },
        { type: p.CKA_ID },
      ]);
      const der = value?.value;
      if (!der) continue;
      const parsed = parseCertificate(der);
      if (!certificate && keyId && keyId.length > 0 && Buffer.from(id?.value ?? []).equals(keyId)) {
        certificate = parsed;
      } else tokenCertificates.push(parsed);
    }
    if (!certificate)
      throw pkiErrors.error('trust.pkcs11_key_not_found', {
        reason: 'certificate',
        keyLabel: options.keyLabel,
      });
    const leaf = certificate;
    const extra = options.chain ? parseCertificates(options.chain) : [];
    const chain = orderChain(
      leaf,
      [...extra, ...tokenCertificates].filter(
        (c) => !Buffer.from(c.rawData).equals(Buffer.from(leaf.rawData)),
      ),
    );

    const isRsa = keyType === p.CKK_RSA;
    const isEc = keyType === p.CKK_EC;
    if (!isRsa && !isEc) throw pkiErrors.error('trust.key_algorithm_unsupported', { keyType });
    const algorithm: SignatureAlgorithm = options.algorithm ?? (isRsa ? 'RSA-SHA256' : 'ECDSA-SHA256');
    if (algorithm.startsWith('RSA') !== isRsa)
      throw pkiErrors.error('trust.key_algorithm_unsupported', { algorithm });
    const hash = hashOf(algorithm);
    const rsaMechanism =
      hash === 'SHA-256'
        ? p.CKM_SHA256_RSA_PKCS
        : hash === 'SHA-384'
          ? p.CKM_SHA384_RSA_PKCS
          : p.CKM_SHA512_RSA_PKCS;
    const openSession = session;
    let closed = false;
    const signer: Signer = {
      certificate: leaf,
      chain,
      algorithm,
      hash,
      keyStore: 'pkcs11',
      sign(data: Uint8Array, signOptions: SignOptions = {}): Promise<Uint8Array> {
        return new Promise((resolve, reject) => {
          try {
            const input = isRsa ? Buffer.from(data) : createHash(nodeHashName(hash)).update(data).digest();
            library.C_SignInit(openSession, { mechanism: isRsa ? rsaMechanism : p.CKM_ECDSA }, key);
            const signature = library.C_Sign(openSession, input, Buffer.alloc(1024));
            const raw = new Uint8Array(signature);
            resolve(isEc && (signOptions.dsaEncoding ?? 'der') === 'der' ? ecdsaP1363ToDer(raw) : raw);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      },
      close(): Promise<void> {
        if (closed) return Promise.resolve();
        closed = true;
        try {
          library.C_Logout(openSession);
        } catch {
          // a token removed mid-session is already logged out
        }
        try {
          library.C_CloseSession(openSession);
        } catch {
          // same
        }
        releaseModule(options.module);
        return Promise.resolve();
      },
    };
    return signer;
  } catch (err) {
    return fail(err);
  }
}
