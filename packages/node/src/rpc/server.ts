/**
 * One port for everything: JSON-RPC over HTTP POST, JSON-RPC over WebSocket (with subscriptions),
 * GET /health and GET /metrics. Limits: request body and WebSocket message size, requests per batch,
 * open connections, subscriptions per connection; each refusal is a JSON-RPC error with a stable code.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getMetagraph } from "@taonet/chain";
import { type WebSocket, WebSocketServer } from "ws";
import { NodeError, RpcCode } from "../errors.js";
import { jsonValue, toJson } from "../json.js";
import type { BlockNotice, TaoNode } from "../node.js";
import type { Session, SubscriptionKind } from "./define.js";
import { Dispatcher, errorResponse, rpcError } from "./dispatch.js";
import { type EventFilter, eventsOf, headerView, matches, metagraphLite } from "./methods.js";

export interface RpcServerOptions {
  readonly host: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly maxBatch: number;
  readonly maxConnections: number;
  readonly maxSubscriptionsPerConnection: number;
}

export const DEFAULT_RPC_OPTIONS: RpcServerOptions = {
  host: "127.0.0.1",
  port: 9944,
  maxBodyBytes: 1024 * 1024,
  maxBatch: 1_000,
  maxConnections: 4_096,
  maxSubscriptionsPerConnection: 1_024,
};

/** Unsent bytes a WebSocket may accumulate before it is dropped as a slow consumer. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface Subscription {
  readonly id: string;
  readonly kind: SubscriptionKind;
  readonly filter: unknown;
  readonly socket: WebSocket;
  /** The last metagraph sent (without its block number), to notify only changes. */
  last?: string;
}

export class RpcServer {
  readonly options: RpcServerOptions;
  private readonly node: TaoNode;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly dispatcher: Dispatcher;
  private readonly sockets = new Set<Socket>();
  private readonly subs = new Map<string, Subscription>();
  private nextSub = 1;
  private closing = false;
  private readonly unlisten: () => void;

  private constructor(node: TaoNode, options: RpcServerOptions) {
    this.node = node;
    this.options = options;
    this.dispatcher = new Dispatcher(node.spec.params.dev, { maxBatch: options.maxBatch });
    const m = node.metrics;
    this.dispatcher.onCall = (method, seconds, error) => {
      m.rpcSeconds.observe({ method }, seconds);
      if (error) m.rpcErrors.inc({ code: String(error.code) });
    };
    this.dispatcher.onInternalError = (err, method) => node.log.error({ err, method }, "rpc internal error");
    this.http = createServer({ keepAliveTimeout: 30_000 }, (req, res) => void this.onRequest(req, res));
    this.http.on("connection", (s: Socket) => {
      this.sockets.add(s);
      m.connections.set({ transport: "tcp" }, this.sockets.size);
      s.on("close", () => {
        this.sockets.delete(s);
        m.connections.set({ transport: "tcp" }, this.sockets.size);
      });
    });
    // ws closes a connection whose message exceeds maxPayload; smaller oversize messages get an error
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxBodyBytes * 4 });
    this.http.on("upgrade", (req, socket, head) => {
      if (this.closing || this.wss.clients.size >= options.maxConnections) {
        const body = toJson(
          errorResponse(
            null,
            rpcError(RpcCode.TooManyConnections, "TooManyConnections", "too many connections"),
          ),
        );
        socket.end(
          `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    this.unlisten = node.onBlock((n) => this.onBlock(n));
  }

  static async listen(node: TaoNode, options: Partial<RpcServerOptions> = {}): Promise<RpcServer> {
    const s = new RpcServer(node, { ...DEFAULT_RPC_OPTIONS, ...options });
    await new Promise<void>((resolve, reject) => {
      s.http.once("error", reject);
      s.http.listen(s.options.port, s.options.host, () => {
        s.http.off("error", reject);
        resolve();
      });
    });
    return s;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://${this.options.host}:${this.port}`;
  }

  private send(res: ServerResponse, status: number, body: string, type = "application/json"): void {
    res.writeHead(status, {
      "content-type": type,
      "content-length": Buffer.byteLength(body),
      "access-control-allow-origin": "*",
    });
    res.end(body);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          "access-control-allow-origin": "*",
          "access-control-allow-methods": "POST, GET, OPTIONS",
          "access-control-allow-headers": "content-type",
        });
        res.end();
        return;
      }
      const path = (req.url ?? "/").split("?")[0];
      if (req.method === "GET" && path === "/health") {
        const ok = !this.closing;
        this.send(
          res,
          ok ? 200 : 503,
          toJson({ ok, head: this.node.head.header.number, mempool: this.node.mempool.size }),
        );
        return;
      }
      if (req.method === "GET" && path === "/metrics") {
        const m = this.node.metrics.registry;
        this.send(res, 200, await m.metrics(), m.contentType);
        return;
      }
      if (req.method !== "POST") {
        this.send(
          res,
          405,
          toJson(
            errorResponse(null, rpcError(RpcCode.InvalidRequest, "InvalidRequest", "POST JSON-RPC to /")),
          ),
        );
        return;
      }
      if (this.closing) {
        this.send(
          res,
          503,
          toJson(errorResponse(null, rpcError(RpcCode.ShuttingDown, "ShuttingDown", "the node is stopping"))),
        );
        return;
      }
      if (this.sockets.size > this.options.maxConnections) {
        res.setHeader("connection", "close");
        this.send(
          res,
          503,
          toJson(
            errorResponse(
              null,
              rpcError(RpcCode.TooManyConnections, "TooManyConnections", "too many connections"),
            ),
          ),
        );
        return;
      }
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > this.options.maxBodyBytes) {
        res.setHeader("connection", "close");
        this.send(res, 413, toJson(errorResponse(null, this.tooLarge())));
        req.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > this.options.maxBodyBytes) {
          res.setHeader("connection", "close");
          this.send(res, 413, toJson(errorResponse(null, this.tooLarge())));
          req.destroy();
          return;
        }
        chunks.push(chunk as Buffer);
      }
      const out = await this.dispatcher.handle({ node: this.node }, Buffer.concat(chunks).toString("utf8"));
      if (out === undefined) {
        res.writeHead(204, { "access-control-allow-origin": "*" });
        res.end();
      } else this.send(res, 200, out);
    } catch (err) {
      this.node.log.error({ err }, "http request failed");
      if (!res.headersSent)
        this.send(
          res,
          500,
          toJson(errorResponse(null, rpcError(RpcCode.InternalError, "InternalError", "internal error"))),
        );
    }
  }

  private tooLarge() {
    return rpcError(
      RpcCode.TooLarge,
      "TooLarge",
      `requests are limited to ${this.options.maxBodyBytes} bytes`,
    );
  }

  private onSocket(ws: WebSocket): void {
    const m = this.node.metrics;
    m.connections.set({ transport: "ws" }, this.wss.clients.size);
    const mine = new Set<string>();
    const session: Session = {
      subscribe: (kind, filter) => {
        if (mine.size >= this.options.maxSubscriptionsPerConnection) {
          throw new NodeError(
            RpcCode.TooManyConnections,
            "TooManySubscriptions",
            `at most ${this.options.maxSubscriptionsPerConnection} subscriptions per connection`,
          );
        }
        const id = `0x${(this.nextSub++).toString(16)}`;
        this.subs.set(id, { id, kind, filter, socket: ws });
        mine.add(id);
        m.subscriptions.set(this.subs.size);
        return id;
      },
      unsubscribe: (id) => {
        if (!mine.delete(id)) return false;
        this.subs.delete(id);
        m.subscriptions.set(this.subs.size);
        return true;
      },
    };
    ws.on("message", (data, isBinary) => {
      const size = Array.isArray(data) ? data.reduce((a, b) => a + b.length, 0) : (data as Buffer).byteLength;
      if (size > this.options.maxBodyBytes) {
        ws.send(toJson(errorResponse(null, this.tooLarge())));
        return;
      }
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
      void this.dispatcher.handle({ node: this.node, session }, text).then(
        (out) => {
          if (out !== undefined && ws.readyState === ws.OPEN) ws.send(out);
        },
        (err) => this.node.log.error({ err }, "ws message failed"),
      );
    });
    ws.on("close", () => {
      for (const id of mine) this.subs.delete(id);
      mine.clear();
      m.subscriptions.set(this.subs.size);
      m.connections.set({ transport: "ws" }, this.wss.clients.size);
    });
    ws.on("error", () => ws.terminate());
  }

  /** Fans a committed block out to the subscriptions; each notification is serialized once. */
  private onBlock({ block, state }: BlockNotice): void {
    if (this.subs.size === 0) return;
    let headJson: string | undefined;
    let events: ReturnType<typeof eventsOf> | undefined;
    const metagraphs = new Map<number, { text: string; key: string } | null>();
    for (const sub of this.subs.values()) {
      if (sub.socket.readyState !== sub.socket.OPEN) continue;
      let result: string | undefined;
      if (sub.kind === "newHeads") {
        headJson ??= toJson(headerView(block));
        result = headJson;
      } else if (sub.kind === "events") {
        events ??= eventsOf(block);
        const mine = events.filter((e) => matches(e, sub.filter as EventFilter));
        if (mine.length > 0) result = toJson(jsonValue(mine));
      } else {
        const netuid = sub.filter as number;
        let mg = metagraphs.get(netuid);
        if (mg === undefined) {
          const full = getMetagraph(state, netuid);
          const lite = full ? metagraphLite(full) : null;
          mg = lite ? { text: toJson(lite), key: toJson({ ...lite, block: 0 }) } : null;
          metagraphs.set(netuid, mg);
        }
        if (mg !== null && mg.key !== sub.last) {
          sub.last = mg.key;
          result = mg.text;
        }
      }
      if (result !== undefined) {
        // a subscriber that does not read its notifications is disconnected rather than buffered forever
        if (sub.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          this.node.log.warn({ subscription: sub.id }, "slow subscriber disconnected");
          sub.socket.terminate();
          continue;
        }
        sub.socket.send(
          `{"jsonrpc":"2.0","method":"subscription","params":{"subscription":"${sub.id}","result":${result}}}`,
        );
      }
    }
  }

  /** Stops accepting, closes WebSockets and idle HTTP connections. */
  async close(): Promise<void> {
    this.closing = true;
    this.unlisten();
    for (const ws of this.wss.clients) ws.close(1001, "node stopping");
    this.wss.close();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    const force = setTimeout(() => this.http.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(force);
  }
}
