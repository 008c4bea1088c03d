import {
  type Attributes,
  type AttributeValue,
  diag,
  type Exception,
  INVALID_SPAN_CONTEXT,
  type Link,
  type Span,
  type SpanContext,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';

/**
 * The active span of a bridged run: a stand-in whose identity is looked up on every use. A tracing
 * processor or callback handler cannot make its spans the active OTel context (langchainjs #11221:
 * provider and tool HTTP spans became separate traces), so the bridge's run wrapper makes this span
 * active instead; when an HTTP client (or any instrumentation) starts a child or injects
 * `traceparent`, it reads {@link spanContext}, which resolves to the framework's *current* step
 * (the tool or model call running in that async context) mapped to its OTel span.
 *
 * Writes (`setAttribute`, `addEvent`, ...) go to that span too; `end()` is ignored — the bridge
 * owns its spans' lifetimes.
 */
export class LiveParentSpan implements Span {
  /**
   * @param resolve returns the OTel span of the framework step running now, or `undefined`; must not
   *   throw (a throw is reported through `diag` and treated as `undefined`).
   * @param fallback used when `resolve` finds nothing (the run's own span, or the caller's).
   */
  private readonly resolve: () => Span | undefined;
  private readonly fallback: () => Span | undefined;

  constructor(resolve: () => Span | undefined, fallback: () => Span | undefined) {
    this.resolve = resolve;
    this.fallback = fallback;
  }

  /** The span this stand-in currently speaks for, if any. */
  current(): Span | undefined {
    try {
      return this.resolve() ?? this.fallback();
    } catch (err) {
      diag.error('convtrace: resolving the current framework span failed', err);
      return undefined;
    }
  }

  spanContext(): SpanContext {
    return this.current()?.spanContext() ?? INVALID_SPAN_CONTEXT;
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.current()?.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.current()?.setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.current()?.addEvent(name, attributesOrStartTime, startTime);
    return this;
  }

  addLink(link: Link): this {
    this.current()?.addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.current()?.addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.current()?.setStatus(status);
    return this;
  }

  updateName(_name: string): this {
    return this;
  }

  end(_endTime?: TimeInput): void {}

  isRecording(): boolean {
    return this.current()?.isRecording() ?? false;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.current()?.recordException(exception, time);
  }
}
