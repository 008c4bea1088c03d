/** Id generators matching the formats seen in real OpenAI traffic. */
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `<prefix>_` followed by `hexChars` random lower-case hex characters. */
export function hexId(prefix: string, hexChars = 50): string {
  return `${prefix}_${randomBytes(Math.ceil(hexChars / 2))
    .toString('hex')
    .slice(0, hexChars)}`;
}

/** Random alphanumeric string of the given length. */
export function alnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALNUM[byte % ALNUM.length];
  return out;
}

/** Id generators by object kind. */
export const ids = {
  response: (): string => hexId('resp'),
  message: (): string => hexId('msg'),
  functionCall: (): string => hexId('fc'),
  functionCallOutput: (): string => hexId('fco'),
  reasoning: (): string => hexId('rs'),
  item: (): string => hexId('item'),
  conversation: (): string => hexId('conv', 48),
  callId: (): string => `call_${alnum(24)}`,
  chatCompletion: (): string => `chatcmpl-${alnum(29)}`,
  request: (): string => hexId('req', 32),
};

/** Current time in whole seconds, as `created_at` fields use. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
