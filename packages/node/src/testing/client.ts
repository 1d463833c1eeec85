/** Minimal JSON-RPC clients over HTTP and WebSocket, for tests and benchmarks. */
import WebSocket from "ws";

export interface RpcFailure {
  readonly code: number;
  readonly message: string;
  readonly data?: { readonly name: string } & Record<string, unknown>;
}

export class RpcCallError extends Error {
  readonly error: RpcFailure;
  constructor(method: string, error: RpcFailure) {
    super(`${method}: ${error.code} ${error.data?.name ?? ""} ${error.message}`);
    this.error = error;
  }
}

let nextId = 1;

export async function httpCall<T = unknown>(url: string, method: string, params: unknown = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: RpcFailure };
  if (body.error) throw new RpcCallError(method, body.error);
  return body.result as T;
}

/** Posts a raw body; returns the HTTP status and the parsed JSON (or the text when it is not JSON). */
export async function httpRaw(url: string, body: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  try {
    return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
  } catch {
    return { status: res.status, json: text };
  }
}

interface Pending {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly method: string;
}

export class WsClient {
  private readonly ws: WebSocket;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<string, (result: unknown) => void>();
  /** Errors that answer no request of ours (id null: e.g. an oversize message). */
  readonly orphanErrors: RpcFailure[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data) => {
      const msg = JSON.parse(data.toString()) as {
        id?: number;
        result?: unknown;
        error?: RpcFailure;
        method?: string;
        params?: { subscription: string; result: unknown };
      };
      if (msg.method === "subscription" && msg.params) {
        this.subs.get(msg.params.subscription)?.(msg.params.result);
        return;
      }
      if ((msg.id === null || msg.id === undefined) && msg.error) {
        this.orphanErrors.push(msg.error);
        return;
      }
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p || msg.id === undefined) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new RpcCallError(p.method, msg.error));
      else p.resolve(msg.result);
    });
    ws.on("close", () => {
      for (const p of this.pending.values()) p.reject(new Error("connection closed"));
      this.pending.clear();
    });
  }

  static connect(url: string): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url.replace(/^http/, "ws"));
      ws.once("open", () => resolve(new WsClient(ws)));
      ws.once("error", reject);
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  call<T = unknown>(method: string, params: unknown = []): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Subscribes and routes notifications to `onResult`; returns the subscription id. */
  async subscribe(method: string, params: unknown, onResult: (result: unknown) => void): Promise<string> {
    const id = await this.call<string>(method, params);
    this.subs.set(id, onResult);
    return id;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}
