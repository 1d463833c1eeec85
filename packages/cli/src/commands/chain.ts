/**
 * `tao chain t8n`: runs a list of actions on a state snapshot with the chain's own code and writes one
 * result per action and the post-state (docs/t8n.md, docs/state-format.md). Input errors exit with code 2
 * before anything runs or is written.
 */
import {
  canonicalJson,
  cryptoReady,
  dumpState,
  loadState,
  parseT8nInput,
  runT8n,
  StateFormatError,
  T8nInputError,
} from "@taonet/chain";
import type { Command } from "commander";
import { CliError } from "../errors.js";
import { parseJson, readInput, writeOutput } from "../io.js";

interface T8nOptions {
  state: string;
  actions: string;
  out?: string;
}

export function registerChain(program: Command): void {
  const chain = program.command("chain").description("Offline tools on chain states");

  chain
    .command("t8n")
    .description(
      "Run actions (calls, storage writes, block steps, epochs, coinbase, queries) on a state snapshot; print one result per action",
    )
    .requiredOption("-s, --state <file>", "pre-state snapshot JSON (docs/state-format.md)")
    .requiredOption("-a, --actions <file>", "actions JSON (docs/t8n.md)")
    .option("-o, --out <file>", "where to write the post-state (default: in the printed result as `post`)")
    .action(async (opts: T8nOptions) => {
      const stateJson = parseJson(await readInput(opts.state), opts.state);
      const actionsJson = parseJson(await readInput(opts.actions), opts.actions);
      await cryptoReady();
      let input: ReturnType<typeof parseT8nInput>;
      let pre: ReturnType<typeof loadState>;
      try {
        input = parseT8nInput(actionsJson);
        pre = loadState(stateJson);
      } catch (err) {
        if (err instanceof T8nInputError) throw new CliError(`${opts.actions}: ${err.message}`);
        if (err instanceof StateFormatError) throw new CliError(`${opts.state}: ${err.message}`);
        throw err;
      }
      const { state, results } = runT8n(pre, input);
      const post = dumpState(state);
      const summary = { results, stateRoot: state.root() };
      if (opts.out !== undefined) await writeOutput(opts.out, canonicalJson(post));
      await writeOutput(undefined, canonicalJson(opts.out === undefined ? { ...summary, post } : summary));
    });
}
