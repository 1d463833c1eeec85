/**
 * `tao node start --engine cometbft`: a taonet node whose blocks CometBFT decides. The process serves the
 * ABCI socket (CometBFT connects to it: its `proxy_app`) and taonet's JSON-RPC, which forwards submitted
 * transactions to CometBFT's `broadcast_tx_sync`.
 */

import { homedir } from "node:os";
import { join } from "node:path";
import { genesisOf, RpcServer, type RpcServerOptions, TaoNode } from "@taonet/node";
import { type Level, type Logger, pino } from "pino";
import { TaoApp } from "./app.js";
import { CometRpc, forwardTo } from "./cometbft.js";
import { AbciServer } from "./server.js";

export interface BftRunOptions {
  readonly preset: "dev" | "mainnet";
  readonly genesisFile?: string;
  readonly dataDir?: string;
  readonly rpcHost: string;
  readonly rpcPort: number;
  /** Where CometBFT connects: `tcp://127.0.0.1:26658` or `unix:///path/app.sock`. */
  readonly abci: string;
  /** CometBFT's RPC, for forwarding transactions: `http://127.0.0.1:26657`. */
  readonly cometRpc: string;
  readonly archive: boolean;
  readonly stateHistory: number;
  readonly logLevel: Level | "silent";
  readonly rpc?: Partial<RpcServerOptions>;
}

export interface RunningBftNode {
  readonly node: TaoNode;
  readonly server: RpcServer;
  readonly abci: AbciServer;
  readonly logger: Logger;
  stop(): Promise<void>;
}

/** The fault-injection switch of test builds (see `AppOptions.faultHeight`). */
function faultHeight(): number | undefined {
  const v = process.env.TAONET_BFT_FAULT_HEIGHT;
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}

export async function runBftNode(opts: BftRunOptions): Promise<RunningBftNode> {
  const logger = pino({ level: opts.logLevel, base: { service: "taonet-node" } }, pino.destination(2));
  const genesis = await genesisOf(opts.preset, opts.genesisFile);
  const dataDir = opts.dataDir ?? join(homedir(), ".taonet", `${genesis.name}-cometbft`);
  const node = await TaoNode.start({
    genesis,
    dataDir,
    sealing: "external",
    archive: opts.archive,
    stateHistory: opts.stateHistory,
    logger,
    beacon: false,
    verifierThreads: 1,
    forward: forwardTo(new CometRpc(opts.cometRpc)),
  });
  const fault = faultHeight();
  if (fault !== undefined)
    logger.warn({ fromHeight: fault }, "FAULT INJECTION: this node will compute wrong app hashes");
  const app = new TaoApp({ node, log: logger, ...(fault !== undefined ? { faultHeight: fault } : {}) });
  let server: RpcServer | undefined;
  let abci: AbciServer | undefined;
  try {
    server = await RpcServer.listen(node, { ...opts.rpc, host: opts.rpcHost, port: opts.rpcPort });
    abci = await AbciServer.listen(opts.abci, app.handle, logger);
  } catch (err) {
    await server?.close();
    await node.stop();
    throw err;
  }
  logger.info(
    { url: server.url, abci: opts.abci, cometRpc: opts.cometRpc, dataDir, head: node.head.header.number },
    "listening (engine: cometbft)",
  );
  const rpcServer = server;
  const abciServer = abci;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info("shutting down");
      await abciServer.close();
      await rpcServer.close();
      await node.stop();
      logger.flush();
    })();
    return stopping;
  };
  return { node, server: rpcServer, abci: abciServer, logger, stop };
}
