/**
 * A single-consumer async queue: the run pushes, one iterator pulls. Buffers without limit, because
 * a run must finish (and end its spans) even when nobody reads its events.
 */
export class Channel<T> {
  private readonly buffer: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private failWaiter: ((err: unknown) => void) | undefined;
  private done = false;
  private error: unknown;
  private failed = false;

  push(value: T): void {
    if (this.done) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = this.failWaiter = undefined;
      w({ value, done: false });
    } else this.buffer.push(value);
  }

  close(): void {
    this.done = true;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = this.failWaiter = undefined;
      w({ value: undefined, done: true });
    }
  }

  fail(err: unknown): void {
    this.done = true;
    this.failed = true;
    this.error = err;
    if (this.failWaiter) {
      const f = this.failWaiter;
      this.waiter = this.failWaiter = undefined;
      f(err);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.failed) return Promise.reject(this.error);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
    });
  }
}
