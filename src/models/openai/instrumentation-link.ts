import { instrumentOpenAI } from '../../instrumentation/openai/index.ts';
import type { OpenAIClientLike } from './client-types.ts';

/**
 * Makes sure the client makes `chat` spans (idempotent), so the agent does not add its own and
 * there is exactly one span per model call. `instrument: false` leaves the client alone; the agent
 * then makes the span.
 */
export function linkInstrumentation(client: OpenAIClientLike, instrument: boolean | undefined): boolean {
  if (instrument === false) return false;
  instrumentOpenAI(client as Parameters<typeof instrumentOpenAI>[0]);
  return true;
}
