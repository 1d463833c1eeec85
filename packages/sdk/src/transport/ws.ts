/**
 * JSON-RPC over one shared WebSocket.
 *
 * - Connects lazily (on the first request) and keeps one socket for every request and subscription.
 * - Reconnects by itself with exponential backoff and jitter when the socket drops (node restart, idle
 *   timeout, network); requests sent meanwhile wait for the connection (within their timeout); reads in
 *   flight when it dropped are sent again; subscriptions are re-established and keep their ids.
 * - A ping every `pingIntervalMs` detects half-open sockets (no pong by the next ping: reconnect).
 * - Per-request timeouts and a bounded number of requests in flight (the rest wait in a FIFO queue).
 * - `close()` closes the socket and clears every timer: nothing is left to keep the process alive.
 */
import WebSocket from "ws";
import { rpcErrorOf, TransportError } from "../errors.js";
import { orderBatch } from "./http.js";
import {
  type BatchCall,
  type BatchResult,
  Emitter,
  Limiter,
  type RequestOptions,
  type SubscribeHandlers,
  type Subscription,
  type Transport,
  type TransportOptions,
} from "./types.js";

export interface ReconnectOptions {
  /** Reconnect when the socket drops (default true). */
  readonly enabled?: boolean;
  /** First delay (100 ms), doubled each attempt up to `maxDelayMs` (5 s), with ±25% jitter. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Attempts before queued requests fail with ConnectionFailed (Infinity: keep trying). */
  readonly maxAttempts?: number;
}

export interface WebSocketTransportOptions extends TransportOptions {
  readonly reconnect?: ReconnectOptions | false;
  /** Ping interval to detect dead sockets, ms (15 s; 0 disables). */
  readonly pingIntervalMs?: number;
  /**
   * The server answered the upgrade with a plain HTTP response (it is up, but does not speak WebSocket,
   * e.g. behind a proxy): fail what is queued with `UpgradeRefused` and stop reconnecting (used by the
   * "auto" transport to fall back to HTTP).
   */
  readonly failOnUpgradeRefused?: boolean;
}

interface Message {
  readonly id?: number | null;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: Record<string, unknown> };
  readonly method?: string;
  readonly params?: { subscription: string; result: unknown };
}

interface Outgoing {
  readonly ids: readonly number[];
  readonly body: string;
  readonly method: string;
  readonly retry: boolean;
  /** Gets the single response (or the array for a batch). */
  settle(msg: Message | Message[]): void;
  fail(err: Error): void;
}

interface Sub {
  readonly id: string;
  readonly method: string;
  readonly params: unknown;
  readonly handlers: SubscribeHandlers;
  serverId: string | null;
}

export function webSocketTransport(url: string, options: WebSocketTransportOptions = {}): Transport {
  const wsUrl = url.replace(/^http/, "ws");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const limiter = new Limiter(options.maxConcurrent ?? 64);
  const rc = options.reconnect === false ? { enabled: false } : (options.reconnect ?? {});
  const reconnectEnabled = rc.enabled ?? true;
  const initialDelay = rc.initialDelayMs ?? 100;
  const maxDelay = rc.maxDelayMs ?? 5_000;
  const maxAttempts = rc.maxAttempts ?? Number.POSITIVE_INFINITY;
  const pingInterval = options.pingIntervalMs ?? 15_000;
  const emitter = new Emitter();

  let ws: WebSocket | null = null;
  let open = false;
  let closed = false;
  let everOpened = false;
  let refused = false;
  let attempts = 0;
  let lastError: Error | undefined;
  let backoffTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let nextSub = 1;
  /** Sent, waiting for an answer, by every id they carry. */
  const inflight = new Map<number, Outgoing>();
  /** Waiting for the socket to open. */
  let queue: Outgoing[] = [];
  const subs = new Map<string, Sub>();
  const byServerId = new Map<string, Sub>();

  const flush = () => {
    const q = queue;
    queue = [];
    for (const o of q) transmit(o);
  };

  const transmit = (o: Outgoing) => {
    if (closed) return o.fail(new TransportError("ClientClosed", "the client is closed"));
    if (refused) return o.fail(new TransportError("UpgradeRefused", `${wsUrl} does not accept WebSockets`));
    if (!open || !ws) {
      queue.push(o);
      connect();
      return;
    }
    for (const id of o.ids) inflight.set(id, o);
    // a send error means the socket is dying: its close handler requeues (reads) or fails the request
    ws.send(o.body, () => undefined);
  };

  const forget = (o: Outgoing) => {
    for (const id of o.ids) if (inflight.get(id) === o) inflight.delete(id);
    const i = queue.indexOf(o);
    if (i >= 0) queue.splice(i, 1);
  };

  const onMessage = (data: WebSocket.RawData) => {
    let msg: Message | Message[];
    try {
      msg = JSON.parse(data.toString()) as Message | Message[];
    } catch {
      return;
    }
    if (Array.isArray(msg)) {
      const first = msg.find((m) => typeof m.id === "number");
      const o = first ? inflight.get(first.id as number) : undefined;
      if (o) {
        forget(o);
        o.settle(msg);
      }
      return;
    }
    if (msg.method === "subscription" && msg.params) {
      const sub = byServerId.get(msg.params.subscription);
      if (sub) {
        try {
          sub.handlers.onData(msg.params.result);
        } catch {
          // the listener's failure is its own
        }
      }
      return;
    }
    if (typeof msg.id !== "number") return;
    const o = inflight.get(msg.id);
    if (!o) return;
    forget(o);
    o.settle(msg);
  };

  const startPing = (sock: WebSocket) => {
    if (pingInterval <= 0) return;
    let alive = true;
    sock.on("pong", () => {
      alive = true;
    });
    pingTimer = setInterval(() => {
      if (!alive) {
        sock.terminate();
        return;
      }
      alive = false;
      try {
        sock.ping();
      } catch {
        // closing
      }
    }, pingInterval);
    pingTimer.unref();
  };

  const resubscribe = async () => {
    for (const sub of [...subs.values()]) {
      try {
        const serverId = (await request(sub.method, sub.params, { retry: true })) as string;
        if (!subs.has(sub.id)) continue;
        if (sub.serverId !== null) byServerId.delete(sub.serverId);
        sub.serverId = serverId;
        byServerId.set(serverId, sub);
      } catch (err) {
        if (closed) return;
        subs.delete(sub.id);
        sub.handlers.onError?.(err as Error);
      }
    }
  };

  const scheduleReconnect = () => {
    if (closed || backoffTimer) return;
    if (!reconnectEnabled || attempts >= maxAttempts) {
      const err = new TransportError(
        "ConnectionFailed",
        `cannot connect to ${wsUrl} after ${attempts} attempt(s)${lastError ? `: ${lastError.message}` : ""}`,
        { cause: lastError },
      );
      const q = queue;
      queue = [];
      for (const o of q) o.fail(err);
      attempts = 0;
      return;
    }
    const base = Math.min(maxDelay, initialDelay * 2 ** Math.max(0, attempts - 1));
    const delay = base * (0.75 + Math.random() * 0.5);
    backoffTimer = setTimeout(() => {
      backoffTimer = undefined;
      connect();
    }, delay);
  };

  function connect(): void {
    if (closed || ws || backoffTimer) return;
    attempts++;
    const sock = new WebSocket(wsUrl, { handshakeTimeout: Math.min(timeoutMs, 10_000) });
    ws = sock;
    sock.on("open", () => {
      if (closed) return sock.close();
      open = true;
      attempts = 0;
      lastError = undefined;
      startPing(sock);
      const isReconnect = everOpened;
      everOpened = true;
      flush();
      if (isReconnect) {
        void resubscribe().then(() => emitter.emit("reconnect"));
      }
      emitter.emit("open");
    });
    sock.on("message", onMessage);
    sock.on("unexpected-response", (_req, res) => {
      lastError = new Error(`HTTP ${res.statusCode}`);
      if (options.failOnUpgradeRefused) {
        refused = true;
        const err = new TransportError(
          "UpgradeRefused",
          `${wsUrl} answered the WebSocket upgrade with HTTP ${res.statusCode}`,
        );
        const q = queue;
        queue = [];
        for (const o of q) o.fail(err);
      }
      sock.terminate();
    });
    sock.on("error", (err) => {
      lastError = err;
    });
    sock.on("close", () => {
      const wasOpen = open;
      open = false;
      ws = null;
      if (pingTimer) clearInterval(pingTimer);
      pingTimer = undefined;
      for (const sub of subs.values()) sub.serverId = null;
      byServerId.clear();
      // in-flight reads are sent again after the reconnect; submissions fail (they may have landed)
      const seen = new Set<Outgoing>();
      for (const o of inflight.values()) seen.add(o);
      inflight.clear();
      const cause = lastError;
      for (const o of seen) {
        if (o.retry && reconnectEnabled && !closed) queue.push(o);
        else
          o.fail(
            new TransportError(
              closed ? "ClientClosed" : "ConnectionClosed",
              closed
                ? "the client is closed"
                : `the connection to ${wsUrl} closed while ${o.method} was in flight`,
              {
                details: { method: o.method },
                ...(closed
                  ? {}
                  : { hint: "the request may have been executed: check before sending it again" }),
                cause,
              },
            ),
          );
      }
      if (wasOpen) emitter.emit("close");
      if (closed || refused) return;
      if (queue.length > 0 || subs.size > 0 || wasOpen) scheduleReconnect();
    });
  }

  function request(method: string, params: unknown = [], opts: RequestOptions = {}): Promise<unknown> {
    return limiter.run(
      () =>
        new Promise<unknown>((resolve, reject) => {
          if (closed) return reject(new TransportError("ClientClosed", "the client is closed"));
          const id = nextId++;
          const timeout = opts.timeoutMs ?? timeoutMs;
          const o: Outgoing = {
            ids: [id],
            body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
            method,
            retry: opts.retry ?? true,
            settle: (msg) => {
              clearTimeout(timer);
              const m = msg as Message;
              if (m.error) reject(rpcErrorOf(method, m.error));
              else resolve(m.result);
            },
            fail: (err) => {
              clearTimeout(timer);
              reject(err);
            },
          };
          const timer = setTimeout(() => {
            forget(o);
            reject(timeoutError(method, timeout));
          }, timeout);
          transmit(o);
        }),
    );
  }

  const timeoutError = (method: string, timeout: number) =>
    open
      ? new TransportError("RequestTimeout", `${method}: no answer within ${timeout} ms`, {
          details: { method, timeoutMs: timeout },
        })
      : new TransportError(
          "ConnectionFailed",
          `${method}: not connected to ${wsUrl} within ${timeout} ms${lastError ? ` (${lastError.message})` : ""}`,
          { details: { method, timeoutMs: timeout, attempts }, cause: lastError },
        );

  const transport: Transport = {
    kind: "ws",
    url: wsUrl,
    get closed() {
      return closed;
    },
    request,
    batch(calls: readonly BatchCall[], opts: RequestOptions = {}): Promise<BatchResult[]> {
      if (calls.length === 0) return Promise.resolve([]);
      return limiter.run(
        () =>
          new Promise<BatchResult[]>((resolve, reject) => {
            if (closed) return reject(new TransportError("ClientClosed", "the client is closed"));
            const first = nextId;
            nextId += calls.length;
            const timeout = opts.timeoutMs ?? timeoutMs;
            const o: Outgoing = {
              ids: calls.map((_, i) => first + i),
              body: JSON.stringify(
                calls.map((c, i) => ({
                  jsonrpc: "2.0",
                  id: first + i,
                  method: c.method,
                  params: c.params ?? [],
                })),
              ),
              method: "batch",
              retry: opts.retry ?? true,
              settle: (msg) => {
                clearTimeout(timer);
                if (Array.isArray(msg)) resolve(orderBatch(msg, first, calls.length));
                else if (msg.error) reject(rpcErrorOf("batch", msg.error));
                else reject(new TransportError("BadResponse", "a batch was not answered with an array"));
              },
              fail: (err) => {
                clearTimeout(timer);
                reject(err);
              },
            };
            const timer = setTimeout(() => {
              forget(o);
              reject(timeoutError("batch", timeout));
            }, timeout);
            transmit(o);
          }),
      );
    },
    async subscribe(method, params, handlers): Promise<Subscription> {
      const serverId = (await request(method, params, { retry: true })) as string;
      const sub: Sub = { id: `sub-${nextSub++}`, method, params, handlers, serverId };
      subs.set(sub.id, sub);
      byServerId.set(serverId, sub);
      return {
        id: sub.id,
        unsubscribe: async () => {
          if (!subs.delete(sub.id)) return;
          const sid = sub.serverId;
          if (sid === null) return;
          byServerId.delete(sid);
          if (open && !closed) {
            try {
              await request("unsubscribe", [sid], { timeoutMs: 5_000 });
            } catch {
              // the connection may be gone: the node forgets its subscriptions with it
            }
          }
        },
      };
    },
    on: (event, listener) => emitter.on(event, listener),
    async close() {
      if (closed) return;
      closed = true;
      if (backoffTimer) clearTimeout(backoffTimer);
      backoffTimer = undefined;
      if (pingTimer) clearInterval(pingTimer);
      pingTimer = undefined;
      const err = new TransportError("ClientClosed", "the client is closed");
      const q = queue;
      queue = [];
      for (const o of q) o.fail(err);
      subs.clear();
      byServerId.clear();
      const sock = ws;
      if (sock) {
        await new Promise<void>((resolve) => {
          if (sock.readyState === WebSocket.CLOSED) return resolve();
          const force = setTimeout(() => sock.terminate(), 1_000);
          sock.once("close", () => {
            clearTimeout(force);
            resolve();
          });
          if (sock.readyState === WebSocket.CONNECTING) sock.terminate();
          else sock.close(1000, "client closed");
        });
      }
      emitter.emit("close");
      emitter.clear();
    },
  };
  return transport;
}
