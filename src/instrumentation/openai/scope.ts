/** Instrumentation scope (name and version) of the spans and metrics the OpenAI instrumentation emits. */

/** Instrumentation scope name. */
export const OPENAI_INSTRUMENTATION_NAME = 'convtrace/openai';
/** Instrumentation scope version (the convtrace package version). */
export const OPENAI_INSTRUMENTATION_VERSION = '0.1.0';
