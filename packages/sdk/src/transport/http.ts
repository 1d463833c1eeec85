/**
 * JSON-RPC over HTTP: one keep-alive agent per client (at most `maxConcurrent` sockets), per-request
 * timeouts, and `close()` that destroys the agent's sockets. No subscriptions (watchers poll instead).
 */
import http from "node:http";
import https from "node:https";
import { rpcErrorOf, TransportError } from "../errors.js";
import {
  type BatchCall,
  type BatchResult,
  Emitter,
  Limiter,
  type RequestOptions,
  type Subscription,
  type Transport,
  type TransportOptions,
} from "./types.js";

export interface HttpTransportOptions extends TransportOptions {
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

interface JsonRpcResponse {
  readonly id?: number | null;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: Record<string, unknown> };
}

export function httpTransport(url: string, options: HttpTransportOptions = {}): Transport {
  const target = new URL(url.replace(/^ws/, "http"));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxConcurrent = options.maxConcurrent ?? 64;
  const lib = target.protocol === "https:" ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: maxConcurrent, keepAliveMsecs: 1_000 });
  const limiter = new Limiter(maxConcurrent);
  const emitter = new Emitter();
  const inflight = new Set<http.ClientRequest>();
  let nextId = 1;
  let closed = false;

  const post = (body: string, timeout: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new TransportError("ClientClosed", "the client is closed"));
      const req = lib.request(target, {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...options.headers,
        },
      });
      inflight.add(req);
      const timer = setTimeout(() => {
        req.destroy(
          new TransportError("RequestTimeout", `no answer from ${target.origin} within ${timeout} ms`, {
            details: { timeoutMs: timeout },
          }),
        );
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        inflight.delete(req);
      };
      req.on("error", (err) => {
        done();
        if (err instanceof TransportError) return reject(err);
        if (closed) return reject(new TransportError("ClientClosed", "the client is closed", { cause: err }));
        reject(
          new TransportError("ConnectionFailed", `cannot reach ${target.origin}: ${err.message}`, {
            cause: err,
          }),
        );
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (err) => {
          done();
          reject(new TransportError("ConnectionClosed", `response aborted: ${err.message}`, { cause: err }));
        });
        res.on("end", () => {
          done();
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text === "" ? undefined : JSON.parse(text);
          } catch {
            return reject(
              new TransportError(
                "HttpError",
                `HTTP ${res.statusCode} from ${target.origin}: ${text.slice(0, 200)}`,
              ),
            );
          }
          if (json === undefined)
            return reject(new TransportError("HttpError", `HTTP ${res.statusCode} with an empty body`));
          resolve(json);
        });
      });
      req.end(body);
    });

  const transport: Transport = {
    kind: "http",
    url: target.href,
    get closed() {
      return closed;
    },
    async request(method, params = [], opts: RequestOptions = {}) {
      const id = nextId++;
      const body = JSON.stringify({ jsonrpc: "2.0", id, method, params });
      const res = (await limiter.run(() => post(body, opts.timeoutMs ?? timeoutMs))) as JsonRpcResponse;
      if (res.error) throw rpcErrorOf(method, res.error);
      if (!("result" in res)) throw new TransportError("BadResponse", `${method}: no result in the response`);
      return res.result;
    },
    async batch(calls: readonly BatchCall[], opts: RequestOptions = {}): Promise<BatchResult[]> {
      if (calls.length === 0) return [];
      const first = nextId;
      nextId += calls.length;
      const body = JSON.stringify(
        calls.map((c, i) => ({ jsonrpc: "2.0", id: first + i, method: c.method, params: c.params ?? [] })),
      );
      const res = await limiter.run(() => post(body, opts.timeoutMs ?? timeoutMs));
      if (!Array.isArray(res)) {
        const err = (res as JsonRpcResponse).error;
        if (err) throw rpcErrorOf("batch", err);
        throw new TransportError("BadResponse", "a batch was not answered with an array");
      }
      return orderBatch(res as JsonRpcResponse[], first, calls.length);
    },
    subscribe(method): Promise<Subscription> {
      return Promise.reject(
        new TransportError("SubscriptionsUnsupported", `${method} needs a WebSocket transport`, {
          hint: "create the client with a ws:// URL (or transport: 'ws'); watchers poll over HTTP",
        }),
      );
    },
    on: (event, listener) => emitter.on(event, listener),
    async close() {
      if (closed) return;
      closed = true;
      for (const req of inflight) req.destroy(new TransportError("ClientClosed", "the client is closed"));
      inflight.clear();
      agent.destroy();
      emitter.emit("close");
      emitter.clear();
    },
  };
  return transport;
}

/** Puts a batch's responses back in request order (the server may answer in any order). */
export function orderBatch(
  responses: readonly JsonRpcResponse[],
  first: number,
  count: number,
): BatchResult[] {
  const out: BatchResult[] = new Array(count);
  for (const r of responses) {
    if (typeof r.id !== "number") continue;
    const i = r.id - first;
    if (i < 0 || i >= count) continue;
    out[i] = r.error ? { error: r.error } : { result: r.result };
  }
  for (let i = 0; i < count; i++)
    out[i] ??= { error: { code: -32603, message: "no response for this batch entry" } };
  return out;
}
