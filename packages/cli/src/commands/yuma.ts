import { EpochInputError, parseEpochRequests, runEpochRequest } from "@taonet/yuma";
import type { Command } from "commander";
import { CliError } from "../errors.js";
import { parseJson, readInput, writeOutput } from "../io.js";
import { registerSimulate } from "./yuma-simulate.js";

export function registerYuma(program: Command): void {
  const yuma = program.command("yuma").description("Yuma Consensus: run epochs and simulations");

  yuma
    .command("epoch")
    .description(
      "Run one epoch (or a JSON array of epochs) bit-exact with the reference chain; an input with `mechanisms` runs sub-subnets",
    )
    .option("-i, --input <file>", "epoch input JSON (default: stdin)")
    .option("-o, --output <file>", "where to write the output JSON (default: stdout)")
    .option("--pretty", "indent the output JSON")
    .action(async (opts: { input?: string; output?: string; pretty?: boolean }) => {
      const source = opts.input ?? "stdin";
      const json = parseJson(await readInput(opts.input), source);
      let parsed: ReturnType<typeof parseEpochRequests>;
      try {
        parsed = parseEpochRequests(json);
      } catch (err) {
        if (err instanceof EpochInputError) throw new CliError(`invalid epoch input: ${err.message}`);
        throw err;
      }
      const outputs = parsed.requests.map(runEpochRequest);
      const result = parsed.batch ? outputs : outputs[0];
      await writeOutput(opts.output, `${JSON.stringify(result, null, opts.pretty ? 2 : undefined)}\n`);
    });

  registerSimulate(yuma);
}
