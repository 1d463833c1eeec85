import { runBftNode } from "@taonet/bft";
import { cryptoReady, loadState, type State, StateFormatError } from "@taonet/chain";
import { type RunOptions, runNode } from "@taonet/node";
import { type Command, InvalidArgumentError, Option } from "commander";
import { CliError } from "../errors.js";
import { parseJson, readInput } from "../io.js";

const int = (min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};

interface StartFlags {
  preset: "dev" | "mainnet";
  genesis?: string;
  fromState?: string;
  dataDir?: string;
  rpcPort: number;
  rpcHost: string;
  blockTime?: number;
  sealing: "auto" | "manual";
  archive?: boolean;
  stateHistory: number;
  beaconPeriod?: number;
  logLevel: RunOptions["logLevel"];
  rpcMaxBody: number;
  rpcMaxConnections: number;
  fsync?: boolean;
  engine: "embedded" | "cometbft";
  abci: string;
  cometbftRpc: string;
}

export function registerNode(program: Command): void {
  const node = program.command("node").description("Run a taonet node");
  node
    .command("start")
    .description(
      "Start a node: block production, embedded database, JSON-RPC over HTTP and WebSocket on one port (prints its URL on stdout; logs JSON on stderr; stops cleanly on SIGTERM/SIGINT)",
    )
    .addOption(new Option("--preset <preset>", "chain preset").choices(["dev", "mainnet"]).default("dev"))
    .option("--genesis <file>", "genesis JSON file (overrides --preset)")
    .option(
      "--from-state <file>",
      "start a new chain from a state snapshot (tao state dump; docs/state-format.md) with the preset's parameters; its first block is the snapshot's block",
    )
    .option("--data-dir <dir>", "database directory (default ~/.taonet/<chain name>)")
    .option("--rpc-port <port>", "RPC port (0: any free port)", int(0), 9944)
    .option("--rpc-host <host>", "RPC interface", "127.0.0.1")
    .option("--block-time <ms>", "milliseconds between blocks (default: the preset's)", int(1))
    .addOption(
      new Option("--sealing <mode>", "auto: a block every block time; manual: only on dev_mine")
        .choices(["auto", "manual"])
        .default("auto"),
    )
    .option("--archive", "keep the state of every block (historical queries at any block)")
    .option("--state-history <blocks>", "blocks whose state stays queryable (without --archive)", int(1), 256)
    .option("--beacon-period <blocks>", "dev beacon: publish round r in block r * period", int(1))
    .addOption(
      new Option("--log-level <level>", "log level")
        .choices(["trace", "debug", "info", "warn", "error", "fatal", "silent"])
        .default("info"),
    )
    .option("--rpc-max-body <bytes>", "largest request body or WebSocket message", int(1024), 1024 * 1024)
    .option("--rpc-max-connections <n>", "open connections at most", int(1), 4096)
    .option(
      "--fsync",
      "fsync every block (survives power loss; a process crash never loses a block either way)",
    )
    .addOption(
      new Option(
        "--engine <engine>",
        "embedded: this node produces the blocks; cometbft: CometBFT decides them (this process serves ABCI)",
      )
        .choices(["embedded", "cometbft"])
        .default("embedded"),
    )
    .option(
      "--abci <address>",
      "cometbft engine: ABCI listen address (tcp://host:port or unix:///path)",
      "tcp://127.0.0.1:26658",
    )
    .option(
      "--cometbft-rpc <url>",
      "cometbft engine: CometBFT's RPC, where transactions are forwarded",
      "http://127.0.0.1:26657",
    )
    .action(async (flags: StartFlags) => {
      if (flags.sealing === "manual" && flags.preset !== "dev" && flags.genesis === undefined) {
        throw new CliError("--sealing manual needs the dev preset (blocks are mined with dev_mine)");
      }
      let fromState: State | undefined;
      if (flags.fromState !== undefined) {
        if (flags.engine === "cometbft") throw new CliError("--from-state needs the embedded engine");
        if (flags.genesis !== undefined) throw new CliError("--from-state and --genesis exclude each other");
        fromState = await readSnapshot(flags.fromState);
      }
      let running: Awaited<ReturnType<typeof runNode>>;
      try {
        running =
          flags.engine === "cometbft"
            ? await runBftNode({
                preset: flags.preset,
                rpcHost: flags.rpcHost,
                rpcPort: flags.rpcPort,
                abci: flags.abci,
                cometRpc: flags.cometbftRpc,
                archive: flags.archive ?? false,
                stateHistory: flags.stateHistory,
                logLevel: flags.logLevel,
                rpc: { maxBodyBytes: flags.rpcMaxBody, maxConnections: flags.rpcMaxConnections },
                ...(flags.genesis !== undefined ? { genesisFile: flags.genesis } : {}),
                ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
              })
            : await runNode({
                preset: flags.preset,
                rpcHost: flags.rpcHost,
                rpcPort: flags.rpcPort,
                sealing: flags.sealing,
                ...(fromState !== undefined ? { fromState } : {}),
                archive: flags.archive ?? false,
                fsync: flags.fsync ?? false,
                stateHistory: flags.stateHistory,
                logLevel: flags.logLevel,
                rpc: { maxBodyBytes: flags.rpcMaxBody, maxConnections: flags.rpcMaxConnections },
                ...(flags.genesis !== undefined ? { genesisFile: flags.genesis } : {}),
                ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
                ...(flags.blockTime !== undefined ? { blockTimeMs: flags.blockTime } : {}),
                ...(flags.beaconPeriod !== undefined ? { beaconPeriod: flags.beaconPeriod } : {}),
              });
      } catch (err) {
        throw new CliError(`cannot start the node: ${err instanceof Error ? err.message : String(err)}`, 1);
      }
      const { node: n, server } = running;
      process.stdout.write(
        `taonet node ${n.spec.name} ${n.spec.genesisHash} head ${n.head.header.number} rpc ${server.url} ws ${server.url.replace("http", "ws")}\n`,
      );
      await new Promise<void>((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          process.off("SIGTERM", onSignal);
          process.off("SIGINT", onSignal);
          running.logger.info({ signal }, "signal received");
          void running.stop().then(resolve, (err) => {
            running.logger.error({ err }, "shutdown failed");
            resolve();
          });
        };
        process.on("SIGTERM", onSignal);
        process.on("SIGINT", onSignal);
      });
    });
}

/** Reads and validates a state snapshot; every error exits with 2 and names the file (and item, key). */
async function readSnapshot(file: string): Promise<State> {
  const json = parseJson(await readInput(file), file);
  await cryptoReady();
  if (typeof json === "object" && json !== null && "netuid" in json) {
    throw new CliError(`${file}: a one-subnet snapshot (dumped with --netuid) cannot start a chain`);
  }
  try {
    return loadState(json);
  } catch (err) {
    if (err instanceof StateFormatError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}
