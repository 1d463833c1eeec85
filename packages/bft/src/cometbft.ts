/** The CometBFT binary (found, never downloaded) and a client of its JSON-RPC (broadcast, status, blocks). */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { encodeTransaction, type SignedTransaction, transactionHash } from "@taonet/chain";
import { NodeError, RpcCode, type SubmitResult, TransactionRejected } from "@taonet/node";
import { COMETBFT_VERSION } from "./abci.js";

/** The `go install` line the README and CI use. */
export const COMETBFT_INSTALL = `go install github.com/cometbft/cometbft/cmd/cometbft@v${COMETBFT_VERSION}`;

/** `$COMETBFT_BIN`, then `cometbft` on PATH, then `$GOPATH/bin` and `~/go/bin`; undefined if absent. */
export function findCometbft(): string | undefined {
  const env = process.env.COMETBFT_BIN;
  if (env && existsSync(env)) return env;
  const dirs = [
    ...(process.env.PATH ?? "").split(delimiter),
    ...(process.env.GOPATH ? [join(process.env.GOPATH, "bin")] : []),
    join(homedir(), "go", "bin"),
  ];
  for (const d of dirs) {
    if (!d) continue;
    const p = join(d, "cometbft");
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface CometStatus {
  readonly height: number;
  readonly appHash: string;
  readonly catchingUp: boolean;
  readonly nodeId: string;
}

let nextId = 1;

export class CometRpc {
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/$/, "");
  }

  async call<T>(method: string, params: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<T> {
    const res = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as {
      result?: T;
      error?: { code: number; message: string; data?: string };
    };
    if (body.error) throw new CometRpcError(method, body.error.message, body.error.data ?? "");
    return body.result as T;
  }

  async status(): Promise<CometStatus> {
    const r = await this.call<{
      node_info: { id: string };
      sync_info: { latest_block_height: string; latest_app_hash: string; catching_up: boolean };
    }>("status");
    return {
      height: Number(r.sync_info.latest_block_height),
      appHash: r.sync_info.latest_app_hash,
      catchingUp: r.sync_info.catching_up,
      nodeId: r.node_info.id,
    };
  }

  /** The app hash CometBFT recorded in block `height`'s header (the state after block height − 1). */
  async headerAppHash(height: number): Promise<string> {
    const r = await this.call<{ header: { app_hash: string } }>("header", { height: String(height) });
    return r.header.app_hash;
  }

  /** Many `broadcast_tx_sync` in one HTTP request (a JSON-RPC batch); results in order. */
  async broadcastTxSyncBatch(
    txs: readonly Uint8Array[],
  ): Promise<Array<{ code: number; log: string } | { error: string }>> {
    const res = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        txs.map((tx, i) => ({
          jsonrpc: "2.0",
          id: i,
          method: "broadcast_tx_sync",
          params: { tx: Buffer.from(tx).toString("base64") },
        })),
      ),
      signal: AbortSignal.timeout(60_000),
    });
    const json = (await res.json()) as unknown;
    if (!Array.isArray(json))
      throw new CometRpcError("broadcast_tx_sync (batch)", JSON.stringify(json).slice(0, 300), "");
    const body = json as Array<{
      id: number;
      result?: { code: number; log: string };
      error?: { message: string; data?: string };
    }>;
    const out: Array<{ code: number; log: string } | { error: string }> = txs.map(() => ({
      error: "no response",
    }));
    for (const r of body) out[r.id] = r.result ?? { error: `${r.error?.message} ${r.error?.data ?? ""}` };
    return out;
  }

  async broadcastTxSync(bytes: Uint8Array): Promise<{ code: number; log: string; hash: string }> {
    return this.call("broadcast_tx_sync", { tx: Buffer.from(bytes).toString("base64") });
  }
}

export class CometRpcError extends Error {
  readonly data: string;
  constructor(method: string, message: string, data: string) {
    super(`${method}: ${message}${data ? ` (${data})` : ""}`);
    this.data = data;
  }
}

/**
 * The node's `submit` under CometBFT: broadcast_tx_sync to its CometBFT, whose CheckTx runs in this
 * application. A rejection keeps the reference's error name (the log is `<Name>: <message>`).
 */
export function forwardTo(rpc: CometRpc): (tx: SignedTransaction) => Promise<SubmitResult> {
  return async (tx) => {
    let r: { code: number; log: string };
    try {
      r = await rpc.broadcastTxSync(encodeTransaction(tx));
    } catch (err) {
      if (err instanceof CometRpcError) {
        if (/already exists in cache/.test(err.data))
          throw new TransactionRejected("AlreadyImported", `${transactionHash(tx)} is already in the pool`);
        if (/mempool is full/.test(err.data))
          throw new TransactionRejected("ExhaustsResources", `CometBFT's mempool is full: ${err.data}`);
        throw new TransactionRejected("Other", err.message);
      }
      throw new NodeError(
        RpcCode.InternalError,
        "ConsensusUnavailable",
        `cannot reach CometBFT at ${rpc.url}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (r.code !== 0) {
      const m = /^(\w+): ([\s\S]*)$/.exec(r.log);
      throw new TransactionRejected(m?.[1] ?? "Other", m?.[2] ?? r.log);
    }
    return { hash: transactionHash(tx) };
  };
}
