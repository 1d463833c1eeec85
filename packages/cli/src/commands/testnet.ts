import {
  COMETBFT_INSTALL,
  findCometbft,
  initTestnet,
  isAlive,
  readLayout,
  signalPid,
  startValidator,
  testnetExists,
  testnetStatus,
  writeLayout,
} from "@taonet/bft";
import { type Command, InvalidArgumentError } from "commander";
import { CliError } from "../errors.js";

const int = (min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};

const DEFAULT_DIR = ".taonet-testnet";

export function registerTestnet(program: Command): void {
  const testnet = program
    .command("testnet")
    .description("A local multi-validator network: CometBFT nodes + taonet applications on loopback ports");
  testnet
    .command("up")
    .description("Create (or restart) the network and start every validator in the background")
    .option("--validators <n>", "number of validators", int(1), 4)
    .option("--dir <dir>", "where homes, data and logs live", DEFAULT_DIR)
    .option(
      "--base-port <port>",
      "validator i uses base + 10i + {0 p2p, 1 CometBFT RPC, 2 taonet RPC, 3 ABCI}",
      int(1024),
      26600,
    )
    .option("--fresh", "delete an existing network in --dir first")
    .action(async (flags: { validators: number; dir: string; basePort: number; fresh?: boolean }) => {
      if (!findCometbft())
        throw new CliError(`cometbft is not installed; install it with:\n  ${COMETBFT_INSTALL}`);
      const layout =
        testnetExists(flags.dir) && !flags.fresh
          ? readLayout(flags.dir)
          : initTestnet({ dir: flags.dir, validators: flags.validators, basePort: flags.basePort });
      for (const node of layout.nodes) {
        const app = isAlive(node.appPid);
        const comet = isAlive(node.cometPid);
        if (app && comet) {
          process.stdout.write(`validator ${node.index} already running\n`);
          continue;
        }
        // half a validator (CometBFT exits when its application does): restart both
        signalPid(node.cometPid, "SIGKILL");
        signalPid(node.appPid, "SIGKILL");
        if (app || comet) await new Promise((r) => setTimeout(r, 500));
        await startValidator(layout, node.index, { detached: true });
        writeLayout(layout);
        process.stdout.write(`validator ${node.index}: rpc ${node.rpc} cometbft ${node.cometRpc}\n`);
      }
    });
  testnet
    .command("down")
    .description("Stop every validator (SIGTERM to the recorded process ids); data is kept")
    .option("--dir <dir>", "the network's directory", DEFAULT_DIR)
    .action(async (flags: { dir: string }) => {
      if (!testnetExists(flags.dir)) throw new CliError(`no testnet in ${flags.dir}`);
      const layout = readLayout(flags.dir);
      for (const node of layout.nodes) {
        signalPid(node.cometPid, "SIGTERM");
        signalPid(node.appPid, "SIGTERM");
      }
      const deadline = Date.now() + 10_000;
      while (layout.nodes.some((n) => isAlive(n.appPid) || isAlive(n.cometPid)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      for (const node of layout.nodes) {
        signalPid(node.cometPid, "SIGKILL");
        signalPid(node.appPid, "SIGKILL");
        delete node.appPid;
        delete node.cometPid;
      }
      writeLayout(layout);
      process.stdout.write(`stopped ${layout.nodes.length} validators\n`);
    });
  testnet
    .command("status")
    .description("Height, app hash and liveness of every validator (JSON)")
    .option("--dir <dir>", "the network's directory", DEFAULT_DIR)
    .action(async (flags: { dir: string }) => {
      if (!testnetExists(flags.dir)) throw new CliError(`no testnet in ${flags.dir}`);
      process.stdout.write(`${JSON.stringify(await testnetStatus(readLayout(flags.dir)), null, 2)}\n`);
    });
}
