/** Which `openai` majors the instrumentation knows, and the one-time warning for the others. */
import { diag } from '@opentelemetry/api';

/** Supported `openai` versions, as a semver range for messages. */
export const SUPPORTED_OPENAI_RANGE = '>=5 <8';

const warned = new Set<string>();

/** Major version number of a semver-ish string (`7.57.0`, `OpenAI/JS 7.57.0`), or `undefined`. */
export function majorOf(version: string | undefined): number | undefined {
  const m = version ? /(\d+)\.\d+/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

/** Whether `version` is in {@link SUPPORTED_OPENAI_RANGE}; an unknown version counts as supported. */
export function isSupportedOpenAIVersion(version: string | undefined): boolean {
  const major = majorOf(version);
  return major === undefined || (major >= 5 && major < 8);
}

/**
 * Returns whether `version` is supported; if not, logs one `diag.warn` per distinct version (not per
 * client) saying that `openai` calls will not be traced.
 */
export function checkOpenAIVersion(version: string | undefined, where: string): boolean {
  if (isSupportedOpenAIVersion(version)) return true;
  const key = String(version);
  if (!warned.has(key)) {
    warned.add(key);
    diag.warn(
      `convtrace: openai ${key} is not supported (${where} supports openai ${SUPPORTED_OPENAI_RANGE}); ` +
        'calls through this client will NOT be traced. Install a supported openai version or upgrade convtrace.',
    );
  }
  return false;
}
