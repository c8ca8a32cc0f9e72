/**
 * Signs a package before it is sent (issue 4: "the axis-client signs on send when given a key"), with
 * src/trust's enveloped edXML signature (RSA-SHA256 by default, chain in X509Data, Signature as the
 * last child of edXMLHeader). Bytes in memory are signed in memory; files and streams are signed
 * file-to-file (two streamed passes: digest, then copy with the Signature spliced in), so memory
 * stays flat for large packages.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { signEdxml, signEdxmlFile, type Signer } from '../trust/index.ts';
import type { PackageInput } from './package-source.ts';

export interface SignedPackage {
  readonly input: PackageInput;
  /** Removes temporary files. */
  dispose(): Promise<void>;
}

export async function signPackage(input: PackageInput, signer: Signer): Promise<SignedPackage> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    return { input: await signEdxml(bytes, signer), dispose: async () => {} };
  }
  const temporary: string[] = [];
  const dispose = async () => {
    await Promise.all(temporary.map((path) => rm(path, { force: true })));
  };
  const tempPath = () => {
    const path = join(tmpdir(), `lienthong-sign-${randomUUID()}.edxml`);
    temporary.push(path);
    return path;
  };
  try {
    let source: string;
    if ('path' in input && typeof input.path === 'string' && !(input instanceof Readable)) {
      source = input.path;
    } else {
      source = tempPath();
      const stream =
        input instanceof ReadableStream ? Readable.fromWeb(input as WebReadableStream<Uint8Array>) : input;
      await pipeline(stream as AsyncIterable<Uint8Array>, createWriteStream(source, { mode: 0o600 }));
    }
    const signed = tempPath();
    await signEdxmlFile(source, signed, signer);
    return { input: { path: signed }, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
