import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of system secrets at rest, keyed by `config.secretKey`. The system id is
 * the additional authenticated data, so a ciphertext copied onto another system's row fails to
 * decrypt. Format: `v1:` + base64(iv ‖ tag ‖ ciphertext).
 */
export interface SecretCipher {
  encrypt(plaintext: string, systemId: string): string;
  decrypt(ciphertext: string, systemId: string): string;
}

export function createSecretCipher(key: Buffer): SecretCipher {
  if (key.length !== 32) throw new Error('secret key must be 32 bytes');
  return {
    encrypt(plaintext, systemId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(systemId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(ciphertext, systemId) {
      if (!ciphertext.startsWith('v1:')) throw new Error('unknown secret format');
      const raw = Buffer.from(ciphertext.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(systemId, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
