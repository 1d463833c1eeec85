/**
 * The client: one transport (one shared WebSocket by default, or HTTP), the chain's identity cached, and
 * the per-signer nonce queues the actions use. Actions are free functions `(client, params)`; the client
 * holds no chain logic.
 *
 * @example
 * const client = createClient({ url: "ws://127.0.0.1:9944" });
 * const head = await getHead(client);
 * await client.close();
 */
import { autoTransport } from "./transport/auto.js";
import { type HttpTransportOptions, httpTransport } from "./transport/http.js";
import type { BatchCall, BatchResult, RequestOptions, Transport } from "./transport/types.js";
import { type WebSocketTransportOptions, webSocketTransport } from "./transport/ws.js";

export interface ClientOptions extends WebSocketTransportOptions, HttpTransportOptions {
  /** The node's RPC URL (http:// or ws://, the same port serves both). Default http://127.0.0.1:9944. */
  readonly url?: string;
  /**
   * "ws" (the default: one shared socket, subscriptions, reconnects), "http" (no subscriptions: watchers
   * poll), "auto" (WebSocket, falling back to HTTP when the server refuses the upgrade), or a transport of
   * your own.
   */
  readonly transport?: "ws" | "http" | "auto" | Transport;
  /** Default wait for inclusion of actions, ms (60 s). */
  readonly inclusionTimeoutMs?: number;
  /** Poll interval of watchers over HTTP, ms (1 s). */
  readonly pollingIntervalMs?: number;
}

export interface ChainInfo {
  readonly name: string;
  readonly genesisHash: string;
  readonly dev: boolean;
  readonly sealing: "auto" | "manual";
  readonly blockTimeMs: number;
  readonly version: string;
}

export interface Client {
  readonly transport: Transport;
  readonly inclusionTimeoutMs: number;
  readonly pollingIntervalMs: number;
  request<T = unknown>(method: string, params?: unknown, options?: RequestOptions): Promise<T>;
  batch(calls: readonly BatchCall[], options?: RequestOptions): Promise<BatchResult[]>;
  /** The chain's name and genesis hash (fetched once). */
  chain(): Promise<ChainInfo>;
  /** Runs `task` after every earlier task of the same key (used to serialize one signer's sends). */
  serialize<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Closes the transport; pending requests fail with ClientClosed. Idempotent. */
  close(): Promise<void>;
  readonly closed: boolean;
}

export const DEFAULT_URL = "http://127.0.0.1:9944";

export function createClient(options: ClientOptions | string = {}): Client {
  const opts: ClientOptions = typeof options === "string" ? { url: options } : options;
  const url = opts.url ?? DEFAULT_URL;
  const transport =
    typeof opts.transport === "object"
      ? opts.transport
      : opts.transport === "http"
        ? httpTransport(url, opts)
        : opts.transport === "auto"
          ? autoTransport(url, opts)
          : webSocketTransport(url, opts);
  let chainInfo: Promise<ChainInfo> | undefined;
  const queues = new Map<string, Promise<unknown>>();

  const client: Client = {
    transport,
    inclusionTimeoutMs: opts.inclusionTimeoutMs ?? 60_000,
    pollingIntervalMs: opts.pollingIntervalMs ?? 1_000,
    get closed() {
      return transport.closed;
    },
    request: <T>(method: string, params?: unknown, o?: RequestOptions) =>
      transport.request(method, params ?? [], o) as Promise<T>,
    batch: (calls, o) => transport.batch(calls, o),
    chain() {
      chainInfo ??= transport.request("system_info", []).then(
        (r) => {
          const { head: _, ...info } = r as ChainInfo & { head: number };
          return info;
        },
        (err: unknown) => {
          chainInfo = undefined;
          throw err;
        },
      );
      return chainInfo;
    },
    serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
      const prev = queues.get(key) ?? Promise.resolve();
      const run = prev.then(task, task);
      const tail = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(key, tail);
      void tail.then(() => {
        if (queues.get(key) === tail) queues.delete(key);
      });
      return run;
    },
    close: () => transport.close(),
  };
  return client;
}
