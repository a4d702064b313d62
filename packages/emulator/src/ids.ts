// Identifiers in the formats the service uses: pool ids, client ids and secrets, subs, device keys, opaque handles.
import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** `us-east-1_AbC123xyZ`: the region, an underscore, nine characters. */
export const newPoolId = (region: string): string => `${region}_${pick(ALNUM, 9)}`;
export const newClientId = (): string => pick(LOWER, 26);
export const newClientSecret = (): string => pick(LOWER, 51);
export const newSub = (): string => randomUUID();
/** Device keys are `{region}_{uuid}`, per the developer guide. */
export const newDeviceKey = (region: string): string => `${region}_${randomUUID()}`;
export const newDeviceGroupKey = (): string => `-${pick(ALNUM, 9)}`;
export const newOpaque = (bytes = 48): string => randomBytes(bytes).toString('base64url');
export const newNumericCode = (digits: number): string => {
  const bytes = randomBytes(digits);
  let out = '';
  for (const b of bytes) out += String(b % 10);
  return out;
};
