/** The transport is the client's only I/O: JSON-RPC requests, batches and (WebSocket) subscriptions. */
import type { RpcErrorObject } from "../errors.js";

export interface RequestOptions {
  /** Per-request timeout (default: the transport's `timeoutMs`). */
  readonly timeoutMs?: number;
  /**
   * Safe to send again: a read. When the connection drops while it is in flight, it is retried once the
   * client has reconnected (default true). Transaction submissions are sent with `false`.
   */
  readonly retry?: boolean;
}

export interface BatchCall {
  readonly method: string;
  readonly params?: unknown;
}

/** One entry of a batch's answer, in the order of the calls. */
export type BatchResult = { readonly result: unknown } | { readonly error: RpcErrorObject };

export interface Subscription {
  /** Stable for the life of the subscription, across reconnects (the node's id changes). */
  readonly id: string;
  unsubscribe(): Promise<void>;
}

export interface SubscribeHandlers {
  onData(result: unknown): void;
  /** A resubscription after a reconnect failed; the subscription is then closed. */
  onError?(error: Error): void;
}

export type TransportEvent = "open" | "close" | "reconnect";

export interface Transport {
  readonly kind: "ws" | "http";
  readonly url: string;
  request(method: string, params?: unknown, options?: RequestOptions): Promise<unknown>;
  /** One round trip for many calls; each entry is a result or an error. */
  batch(calls: readonly BatchCall[], options?: RequestOptions): Promise<BatchResult[]>;
  /** WebSocket only (HTTP throws SubscriptionsUnsupported). Resubscribed after each reconnect. */
  subscribe(method: string, params: unknown, handlers: SubscribeHandlers): Promise<Subscription>;
  /** Connection lifecycle notifications: returns a function that removes the listener. */
  on(event: TransportEvent, listener: () => void): () => void;
  /** Closes the connection(s), clears every timer, rejects what is pending. Idempotent. */
  close(): Promise<void>;
  readonly closed: boolean;
}

export interface TransportOptions {
  /** Default per-request timeout, ms (30 s). */
  readonly timeoutMs?: number;
  /** Requests in flight at most; more wait in a queue (64). */
  readonly maxConcurrent?: number;
}

/** A FIFO semaphore: at most `max` tasks run at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  get pending(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export class Emitter {
  private readonly listeners = new Map<TransportEvent, Set<() => void>>();
  on(event: TransportEvent, listener: () => void): () => void {
    const set = this.listeners.get(event) ?? new Set<() => void>();
    this.listeners.set(event, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }
  emit(event: TransportEvent): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l();
      } catch {
        // a listener's failure is its own
      }
    }
  }
  clear(): void {
    this.listeners.clear();
  }
}
