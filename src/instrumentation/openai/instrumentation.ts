/**
 * `OpenAIInstrumentation`: an `@opentelemetry/instrumentation` plugin that patches the `openai`
 * module's resource prototypes (`OpenAI.Responses.prototype.create`,
 * `OpenAI.Chat.Completions.prototype.create`), so every client — including `AzureOpenAI` and clients
 * made later — is traced. Use with `registerInstrumentations`, NodeSDK or `convtrace/register`; for
 * ESM apps the import-in-the-middle loader hook must be registered first
 * (`module.register('@opentelemetry/instrumentation/hook.mjs', import.meta.url)`, done by
 * `convtrace/register`). Where no hook can run (bundlers, test runners), call
 * {@link OpenAIInstrumentation.manuallyInstrument} with the imported module, or use `instrumentOpenAI`.
 *
 * Every `openai` version reaches `patch`; versions outside `>=5 <8` are refused there with one
 * `diag.warn` (rather than being skipped silently by the version filter).
 */
import { diag, type MeterProvider, metrics } from '@opentelemetry/api';
import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { MAX_CONTENT_ATTRIBUTE_LENGTH, shouldCaptureContent } from '../../semconv/content.ts';
import { originalOf, wrapCreate } from './create-wrapper.ts';

import { type GenAIClientMetrics, metricsFor } from './metrics.ts';
import type { InstrumentationRuntime } from './runtime.ts';
import { OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION } from './scope.ts';
import type { CreateMethod, OpenAIInstrumentationOptions } from './types.ts';
import { checkOpenAIVersion } from './version.ts';

/** Config of {@link OpenAIInstrumentation}: the standard `enabled` flag plus the convtrace options. */
export interface OpenAIInstrumentationConfig
  extends InstrumentationConfig,
    Pick<OpenAIInstrumentationOptions, 'captureMessageContent' | 'maxContentLength'> {}

interface ResourceClass {
  prototype: { create?: CreateMethod };
}

/** The `OpenAI` class out of a CJS exports object or an ESM namespace. */
function openAIClassOf(moduleExports: unknown): {
  Responses?: ResourceClass;
  Chat?: { Completions?: ResourceClass };
} {
  const m = moduleExports as Record<string, unknown> | undefined;
  const candidates = [m?.OpenAI, (m?.default as Record<string, unknown> | undefined)?.OpenAI, m?.default, m];
  for (const c of candidates) {
    if (typeof c === 'function' && ('Responses' in c || 'Chat' in c)) return c as never;
  }
  return {};
}

/** Patches the `openai` module for the whole process; see the module comment. */
export class OpenAIInstrumentation extends InstrumentationBase<OpenAIInstrumentationConfig> {
  private readonly runtime: InstrumentationRuntime;
  private cachedMeterProvider: MeterProvider | undefined;
  private cachedMetrics: GenAIClientMetrics | undefined;

  /** @param config `enabled` (default true), `captureMessageContent`, `maxContentLength`. */
  constructor(config: OpenAIInstrumentationConfig = {}) {
    super(OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION, config);
    this.runtime = {
      tracer: () => this.tracer,
      metrics: () => this.cachedMetrics,
      captureContent: shouldCaptureContent(config.captureMessageContent),
      maxContentLength: config.maxContentLength ?? MAX_CONTENT_ATTRIBUTE_LENGTH,
    };
    // The global meter provider at construction; NodeSDK / registerInstrumentations call
    // setMeterProvider() with theirs.
    this.setMeterProvider(metrics.getMeterProvider());
  }

  /** Also re-resolves the content-capture settings (env var included) for clients already patched. */
  override setConfig(config: OpenAIInstrumentationConfig = {}): void {
    super.setConfig(config);
    // setConfig runs inside the base constructor, before `runtime` exists.
    if (this.runtime) {
      this.runtime.captureContent = shouldCaptureContent(config.captureMessageContent);
      this.runtime.maxContentLength = config.maxContentLength ?? MAX_CONTENT_ATTRIBUTE_LENGTH;
    }
  }

  /** Also builds the GenAI histograms for the new provider (none for the no-op provider). */
  override setMeterProvider(meterProvider: MeterProvider): void {
    super.setMeterProvider(meterProvider);
    if (meterProvider !== this.cachedMeterProvider) {
      this.cachedMeterProvider = meterProvider;
      this.cachedMetrics = metricsFor(meterProvider);
    }
  }

  protected override init(): InstrumentationNodeModuleDefinition[] {
    const definition = new InstrumentationNodeModuleDefinition(
      'openai',
      ['*'],
      (exports: unknown, version?: string) => this.patchModule(exports, version),
      (exports: unknown) => this.unpatchModule(exports),
    );
    (definition as { includePrerelease?: boolean }).includePrerelease = true;
    return [definition];
  }

  /**
   * Patches an already-imported `openai` module (ESM namespace or CJS exports) — for environments
   * where the require/import hooks do not run. Idempotent.
   */
  manuallyInstrument(moduleExports: unknown, version?: string): void {
    this.patchModule(moduleExports, version);
  }

  /** Removes the patches {@link manuallyInstrument} (or the hook) applied. */
  manuallyUninstrument(moduleExports: unknown): void {
    this.unpatchModule(moduleExports);
  }

  private patchModule<T>(moduleExports: T, version: string | undefined): T {
    try {
      if (!checkOpenAIVersion(version, 'OpenAIInstrumentation')) return moduleExports;
      const OpenAI = openAIClassOf(moduleExports);
      const targets: Array<[ResourceClass | undefined, 'responses' | 'chat_completions']> = [
        [OpenAI.Responses, 'responses'],
        [OpenAI.Chat?.Completions, 'chat_completions'],
      ];
      let patched = 0;
      for (const [cls, api] of targets) {
        const proto = cls?.prototype;
        if (!proto || typeof proto.create !== 'function') continue;
        const original = originalOf(proto.create);
        this._wrap(proto, 'create', () => wrapCreate(api, this.runtime, original));
        patched++;
      }
      if (patched === 0) {
        diag.warn(
          `convtrace: openai ${version ?? ''} has no Responses/Chat resources to patch; nothing traced`,
        );
      }
    } catch (err) {
      diag.error('convtrace: patching openai failed; calls stay untraced', err);
    }
    return moduleExports;
  }

  private unpatchModule(moduleExports: unknown): void {
    try {
      const OpenAI = openAIClassOf(moduleExports);
      for (const cls of [OpenAI.Responses, OpenAI.Chat?.Completions]) {
        const proto = cls?.prototype;
        if (proto && typeof proto.create === 'function') this._unwrap(proto, 'create');
      }
    } catch (err) {
      diag.error('convtrace: unpatching openai failed', err);
    }
  }
}
