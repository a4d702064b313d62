// Runs webCryptoHash on hex-encoded inputs where it is loaded (a page or a module worker) and answers in hex, so the
// Node side can compare with @noble/hashes.

import { webCryptoHash } from '../../src/web-crypto-hash.js';

export interface HashCase {
  key: string;
  data: string;
}

export interface HashAnswer {
  sha256: string;
  hmac: string;
  /** The same two, on views into larger buffers padded with other bytes on both sides. */
  sha256View: string;
  hmacView: string;
  /** Whether the key and data arrays still held their bytes after hashing. */
  inputsUnchanged: boolean;
}

export interface HashRun {
  isSecureContext: boolean;
  answers?: HashAnswer[];
  error?: string;
}

const fromHex = (text: string): Uint8Array =>
  Uint8Array.from({ length: text.length / 2 }, (_, i) => Number.parseInt(text.slice(2 * i, 2 * i + 2), 16));
const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** `bytes` as a view that starts 3 bytes into a buffer of 0xee bytes and ends 5 before its end. */
function viewOf(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 8).fill(0xee);
  big.set(bytes, 3);
  return big.subarray(3, 3 + bytes.length);
}

export async function runHashCases(cases: HashCase[]): Promise<HashRun> {
  try {
    const hash = webCryptoHash();
    const answers: HashAnswer[] = [];
    for (const { key, data } of cases) {
      const keyBytes = fromHex(key);
      const dataBytes = fromHex(data);
      const sha256 = toHex(await hash.sha256(dataBytes));
      const hmac = toHex(await hash.hmacSHA256(keyBytes, dataBytes));
      answers.push({
        sha256,
        hmac,
        sha256View: toHex(await hash.sha256(viewOf(dataBytes))),
        hmacView: toHex(await hash.hmacSHA256(viewOf(keyBytes), viewOf(dataBytes))),
        inputsUnchanged: toHex(keyBytes) === key && toHex(dataBytes) === data,
      });
    }
    return { isSecureContext: globalThis.isSecureContext, answers };
  } catch (error) {
    return {
      isSecureContext: globalThis.isSecureContext,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}
