/**
 * `tao yuma simulate`: runs multi-epoch scenarios (built-in ones by name, or JSON files) through the
 * chain's exact epoch and writes a CSV and an SVG chart per scenario, then prints total dividends per
 * validator (or the summaries as JSON).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  builtinScenarios,
  caseNumber,
  findBuiltinScenario,
  parseScenarios,
  runScenario,
  type Scenario,
  ScenarioError,
  type ScenarioHyperparameters,
  SIMULATION_MODES,
  type SimulationMode,
  type SimulationSummary,
  scenarioId,
  simulationToCsv,
  simulationToSvg,
  summarize,
} from "@taonet/yuma";
import { type Command, InvalidArgumentError, Option } from "commander";
import { CliError } from "../errors.js";
import { parseJson, readInput } from "../io.js";

interface SimulateOptions {
  list?: boolean;
  all?: boolean;
  file?: string[];
  mode?: SimulationMode;
  kappa?: number;
  bondsPenalty?: number;
  bondsMovingAverage?: number;
  alphaLow?: number;
  alphaHigh?: number;
  steepness?: number;
  bondsReset?: boolean;
  epochs?: number;
  out: string;
  json?: boolean;
  printScenario?: boolean;
}

function fractionArg(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new InvalidArgumentError("expected a number in [0, 1].");
  }
  return x;
}

function intArg(min: number, max: number) {
  return (value: string): number => {
    const x = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || x < min || x > max) {
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}].`);
    }
    return x;
  };
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** File name stem: built-ins sort by case ("case-01-kappa-moves-first"), others use their id. */
export function fileStem(s: Scenario): string {
  const n = builtinScenarios().includes(s) ? caseNumber(s) : undefined;
  return n === undefined ? scenarioId(s) : `case-${String(n).padStart(2, "0")}-${scenarioId(s)}`;
}

export function listText(): string {
  const lines = builtinScenarios().map((s) =>
    `${s.name}  [${scenarioId(s)}]\n    ${s.description ?? ""}`.trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

function shortList(): string {
  return builtinScenarios()
    .map((s) => `  ${scenarioId(s).padEnd(40)} ${s.name}`)
    .join("\n");
}

function resolveNames(names: readonly string[]): Scenario[] {
  return names.map((name) => {
    const found = findBuiltinScenario(name);
    if (found.scenario) return found.scenario;
    const several =
      found.candidates.length > 1
        ? ` (it matches ${found.candidates.length}: ${found.candidates.map(scenarioId).join(", ")})`
        : "";
    throw new CliError(`unknown scenario "${name}"${several}; built-in scenarios:\n${shortList()}`);
  });
}

async function loadFile(path: string): Promise<Scenario[]> {
  const json = parseJson(await readInput(path), path);
  try {
    return parseScenarios(json);
  } catch (err) {
    if (err instanceof ScenarioError) throw new CliError(`invalid scenario ${path}: ${err.message}`);
    throw err;
  }
}

function pct(x: number | null): string {
  if (x === null) return "-";
  const v = Math.round(x * 1000) / 10;
  return `${v > 0 ? "+" : ""}${v.toFixed(1)}%`;
}

export function summaryTable(summary: SimulationSummary, files: string): string {
  const width = Math.max(9, ...summary.validators.map((v) => v.name.length));
  const paid =
    summary.dividendEpochs < summary.epochs ? `, dividends paid in ${summary.dividendEpochs} of them` : "";
  const out = [
    `${summary.name} (${summary.mode}, ${summary.epochs} epochs${paid}) -> ${files}`,
    `  ${"validator".padEnd(width)}  ${"stake".padStart(6)}  ${"dividends".padStart(9)}  ${"by stake".padStart(9)}  ${"vs stake".padStart(8)}`,
    ...summary.validators.map(
      (v) =>
        `  ${v.name.padEnd(width)}  ${v.stakeShare.toFixed(4).padStart(6)}  ${v.totalDividends.toFixed(4).padStart(9)}  ${v.byStake.toFixed(4).padStart(9)}  ${pct(v.relativeToStake).padStart(8)}`,
    ),
  ];
  return `${out.join("\n")}\n`;
}

export function registerSimulate(yuma: Command): void {
  yuma
    .command("simulate")
    .description(
      "Run multi-epoch Yuma scenarios (built-in cases of the reference simulator, or your own JSON) through the exact epoch; writes a CSV and an SVG chart per scenario",
    )
    .argument("[scenario...]", "built-in scenarios by id, name, case number or unique fragment (see --list)")
    .option("--list", "list the built-in scenarios with one-line descriptions")
    .option("--all", "run every built-in scenario")
    .option(
      "--file <path>",
      "a scenario JSON file, one scenario or an array (repeatable); format in docs/simulation.md",
      collect,
    )
    .addOption(
      new Option(
        "--mode <mode>",
        "yuma2 (legacy bonds), yuma3 (relative bonds) or yuma3-liquid (with liquid alpha); default: the scenario's, else yuma3",
      ).choices(SIMULATION_MODES),
    )
    .option("--kappa <x>", "kappa as a fraction (chain default 32767/65535)", fractionArg)
    .option("--bonds-penalty <x>", "bonds penalty as a fraction (chain default 1)", fractionArg)
    .option(
      "--bonds-moving-average <x>",
      "bonds moving average as a fraction (chain default 0.9)",
      fractionArg,
    )
    .option("--alpha-low <x>", "liquid alpha low as a fraction (chain default 45875/65535)", fractionArg)
    .option("--alpha-high <x>", "liquid alpha high as a fraction (chain default 58982/65535)", fractionArg)
    .option("--steepness <n>", "alpha sigmoid steepness, chain units (default 1000)", intArg(-32768, 32767))
    .option("--bonds-reset", "turn BondsResetOn on, so the scenarios' bond-reset events apply")
    .option("--epochs <n>", "run this many epochs instead of the scenario's", intArg(1, 100_000))
    .option("--out <dir>", "output directory", "out/simulations")
    .option("--json", "print the summaries as JSON instead of the table")
    .option("--print-scenario", "print the selected scenarios as JSON (a start for your own) and exit")
    .action(async (names: string[], opts: SimulateOptions) => {
      if (opts.list) {
        process.stdout.write(listText());
        return;
      }
      const selected: Scenario[] = [];
      if (opts.all) selected.push(...builtinScenarios());
      for (const s of resolveNames(names)) if (!selected.includes(s)) selected.push(s);
      for (const path of opts.file ?? []) selected.push(...(await loadFile(path)));
      if (selected.length === 0) {
        throw new CliError("nothing to simulate: name a scenario, or use --all or --file (see --list)");
      }
      if (opts.printScenario) {
        const json = selected.length === 1 ? selected[0] : selected;
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }

      const overrides: ScenarioHyperparameters = {
        kappa: opts.kappa,
        bondsPenalty: opts.bondsPenalty,
        bondsMovingAverage: opts.bondsMovingAverage,
        alphaLow: opts.alphaLow,
        alphaHigh: opts.alphaHigh,
        steepness: opts.steepness,
        bondsResetOn: opts.bondsReset ? true : undefined,
      };
      await mkdir(opts.out, { recursive: true });
      const summaries: SimulationSummary[] = [];
      const tables: string[] = [];
      for (const scenario of selected) {
        let result: ReturnType<typeof runScenario>;
        try {
          result = runScenario(scenario, {
            mode: opts.mode,
            hyperparameters: overrides,
            epochs: opts.epochs,
          });
        } catch (err) {
          if (err instanceof ScenarioError) throw new CliError(`scenario "${scenario.name}": ${err.message}`);
          throw err;
        }
        const stem = join(opts.out, fileStem(scenario));
        await writeFile(`${stem}.csv`, simulationToCsv(result));
        await writeFile(`${stem}.svg`, simulationToSvg(result));
        const summary = summarize(result);
        summaries.push(summary);
        tables.push(summaryTable(summary, `${stem}.{csv,svg}`));
      }
      process.stdout.write(opts.json ? `${JSON.stringify(summaries, null, 2)}\n` : tables.join("\n"));
    });
}
