/**
 * The `tao` command. Subcommands live in ./commands; each exports a `register*` function that adds
 * itself to the program. Exit codes: 0 success, 1 failure, 2 bad input or usage.
 */
import { Command, CommanderError } from "commander";
import { registerChain } from "./commands/chain.js";
import { registerNode } from "./commands/node.js";
import { registerState } from "./commands/state.js";
import { registerTestnet } from "./commands/testnet.js";
import { registerYuma } from "./commands/yuma.js";
import { CliError } from "./errors.js";

export function buildProgram(): Command {
  const program = new Command("tao")
    .description("taonet: a decentralized machine-learning network (Bittensor-compatible) in TypeScript")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerYuma(program);
  registerNode(program);
  registerChain(program);
  registerState(program);
  registerTestnet(program);
  return program;
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit with code 0; usage errors with 2 (commander has printed the message).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
