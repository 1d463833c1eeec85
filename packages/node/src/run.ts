/**
 * Starting a node as a process: the node, its RPC server, a pino logger on stderr, and graceful shutdown
 * on SIGTERM / SIGINT. The CLI's `tao node start` is a thin wrapper around `runNode`.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  createGenesis,
  cryptoReady,
  devGenesis,
  type GenesisConfig,
  mainnetGenesis,
  parseGenesisFile,
  type State,
} from "@taonet/chain";
import { type Level, type Logger, pino } from "pino";
import { fromStateGenesisHash, TaoNode } from "./node.js";
import { RpcServer, type RpcServerOptions } from "./rpc/server.js";

export interface RunOptions {
  readonly preset: "dev" | "mainnet";
  readonly genesisFile?: string;
  /**
   * Start a new chain from this state (a loaded snapshot, `loadState`) with the preset's parameters; its
   * default data directory is ~/.taonet/<name>-<first 8 hex digits of its genesis hash>.
   */
  readonly fromState?: State;
  readonly dataDir?: string;
  readonly rpcHost: string;
  readonly rpcPort: number;
  readonly blockTimeMs?: number;
  readonly sealing: "auto" | "manual";
  readonly archive: boolean;
  /** fsync each block's batch (default false). */
  readonly fsync?: boolean;
  readonly stateHistory: number;
  readonly beaconPeriod?: number;
  readonly logLevel: Level | "silent";
  readonly rpc?: Partial<RpcServerOptions>;
}

export interface RunningNode {
  readonly node: TaoNode;
  readonly server: RpcServer;
  readonly logger: Logger;
  stop(): Promise<void>;
}

export async function genesisOf(preset: "dev" | "mainnet", file?: string): Promise<GenesisConfig> {
  await cryptoReady();
  if (file !== undefined) return parseGenesisFile(JSON.parse(readFileSync(file, "utf8")));
  return preset === "dev" ? devGenesis() : mainnetGenesis({ balances: [], sudo: null });
}

export async function runNode(opts: RunOptions): Promise<RunningNode> {
  const logger = pino({ level: opts.logLevel, base: { service: "taonet-node" } }, pino.destination(2));
  const genesis = await genesisOf(opts.preset, opts.genesisFile);
  const dirName =
    opts.fromState === undefined
      ? genesis.name
      : `${genesis.name}-${fromStateGenesisHash(createGenesis(genesis).spec.genesisHash, opts.fromState.root()).slice(2, 10)}`;
  const dataDir = opts.dataDir ?? join(homedir(), ".taonet", dirName);
  const node = await TaoNode.start({
    genesis,
    ...(opts.fromState !== undefined ? { fromState: opts.fromState } : {}),
    dataDir,
    sealing: opts.sealing,
    archive: opts.archive,
    sync: opts.fsync ?? false,
    stateHistory: opts.stateHistory,
    logger,
    ...(opts.blockTimeMs !== undefined ? { blockTimeMs: opts.blockTimeMs } : {}),
    ...(opts.beaconPeriod !== undefined ? { beaconPeriod: opts.beaconPeriod } : {}),
  });
  let server: RpcServer;
  try {
    server = await RpcServer.listen(node, { ...opts.rpc, host: opts.rpcHost, port: opts.rpcPort });
  } catch (err) {
    await node.stop();
    throw err;
  }
  logger.info(
    { url: server.url, dataDir, head: node.head.header.number, sealing: opts.sealing },
    "rpc listening",
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info("shutting down");
      await server.close();
      await node.stop();
      logger.flush();
    })();
    return stopping;
  };
  return { node, server, logger, stop };
}
