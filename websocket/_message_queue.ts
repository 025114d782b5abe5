// An async queue: producers push without waiting, one consumer at a time
// awaits `shift()`, and `close()` makes every later `shift()` give `null`.

/** A first-in first-out queue whose `shift()` waits for the next item. */
export class MessageQueue<T> {
  #items: T[] = [];
  #head = 0;
  #waiters: ((item: T | null) => void)[] = [];
  #closed = false;

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Items waiting to be taken. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Adds an item, handing it straight to a waiting consumer if any. */
  push(item: T): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(item);
    else this.#items.push(item);
  }

  /**
   * Takes the next item, waiting for one if the queue is empty; `null`
   * once the queue is closed and drained.
   */
  shift(): Promise<T | null> {
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head]!;
      this.#head++;
      if (this.#head > 64 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve(item);
    }
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the queue: waiting and later consumers get `null` once drained. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter(null);
  }
}
