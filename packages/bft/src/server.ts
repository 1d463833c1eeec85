/**
 * The ABCI socket server: CometBFT connects (four connections: consensus, mempool, query, snapshot) and
 * sends length-prefixed (unsigned varint) `Request`s; each gets one `Response`, in request order.
 * Requests of one connection may be handled concurrently (CheckTx batches its signature checks), but
 * their responses are written in order.
 */
import { existsSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import type { Logger } from "pino";
import { decodeRequest, encodeResponse, type Request, type Response } from "./abci.js";
import { encodeVarint, readVarint } from "./proto.js";

export type Handler = (req: Request) => Response | Promise<Response>;

/** Largest request accepted (CometBFT's own limit is 100 MB). */
const MAX_MESSAGE = 104_857_600;

export interface AbciAddress {
  readonly kind: "unix" | "tcp";
  readonly path?: string;
  readonly host?: string;
  readonly port?: number;
}

/** Parses `unix:///path` or `tcp://host:port` (CometBFT's proxy_app syntax). */
export function parseAbciAddress(addr: string): AbciAddress {
  if (addr.startsWith("unix://")) return { kind: "unix", path: addr.slice("unix://".length) };
  const m = /^tcp:\/\/([^:]+):(\d+)$/.exec(addr);
  if (!m) throw new Error(`expected unix:///path or tcp://host:port, got ${addr}`);
  return { kind: "tcp", host: m[1] as string, port: Number(m[2]) };
}

export class AbciServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.server = server;
  }

  static listen(address: string, handler: Handler, log: Logger): Promise<AbciServer> {
    const addr = parseAbciAddress(address);
    const server = createServer((socket) => serve(socket, handler, log));
    const s = new AbciServer(server);
    server.on("connection", (sock) => {
      s.sockets.add(sock);
      sock.once("close", () => s.sockets.delete(sock));
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      const done = () => {
        server.off("error", reject);
        resolve(s);
      };
      if (addr.kind === "unix") {
        const path = addr.path as string;
        if (existsSync(path)) unlinkSync(path);
        server.listen(path, done);
      } else server.listen(addr.port, addr.host, done);
    });
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function serve(socket: Socket, handler: Handler, log: Logger): void {
  let buf: Buffer = Buffer.alloc(0);
  // the tail of the response chain: responses are written in request order
  let tail: Promise<void> = Promise.resolve();
  socket.setNoDelay(true);
  socket.on("error", (err) => log.debug({ err }, "abci connection error"));
  socket.on("data", (chunk: Buffer) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    let pos = 0;
    for (;;) {
      const len = readVarint(buf, pos);
      if (!len) break;
      const size = Number(len[0]);
      if (size > MAX_MESSAGE) {
        log.error({ size }, "abci message too large; closing the connection");
        socket.destroy();
        return;
      }
      const end = len[1] + size;
      if (end > buf.length) break;
      const body = buf.subarray(len[1], end);
      pos = end;
      let pending: Promise<Response>;
      try {
        const req = decodeRequest(body);
        pending = Promise.resolve().then(() => handler(req));
      } catch (err) {
        pending = Promise.reject(err);
      }
      const answered = pending.catch((err: unknown): Response => {
        log.error({ err }, "abci request failed");
        return { kind: "exception", error: err instanceof Error ? err.message : String(err) };
      });
      tail = tail.then(async () => {
        const res = encodeResponse(await answered);
        if (!socket.destroyed) socket.write(Buffer.concat([encodeVarint(res.length), res]));
      });
    }
    buf = pos === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
  });
}
