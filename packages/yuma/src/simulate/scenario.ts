/**
 * The scenario format of the multi-epoch simulator: plain JSON, so researchers can write their own.
 *
 * A scenario names its validators (with stakes) and miners, and lists phases: from a given epoch on,
 * each validator sets the given weights (one number per miner, any scale: a row is max-upscaled to
 * u16 the way the SDK and `set_weights` store it). Stakes can change per phase; events reset bonds or
 * re-register a miner. Hyperparameters are fractions in [0, 1] like the Python simulator's, converted
 * to the chain's integer storage (see `resolveHyperparameters`).
 */
import { z } from "zod";

export const SIMULATION_MODES = ["yuma2", "yuma3", "yuma3-liquid"] as const;
/** yuma2: legacy bonds (Yuma3On = false); yuma3: relative bonds; yuma3-liquid: yuma3 with liquid alpha. */
export type SimulationMode = (typeof SIMULATION_MODES)[number];

/** Chain hyperparameters a scenario (or the caller) may set; absent ones take the chain defaults. */
export interface ScenarioHyperparameters {
  /** Kappa as a fraction (chain: u16, default 32767 ≈ 0.5). */
  kappa?: number | undefined;
  /** Bonds penalty as a fraction (chain default 1). */
  bondsPenalty?: number | undefined;
  /** Bonds moving average as a fraction (chain: per million, default 0.9 → EMA alpha 0.1). */
  bondsMovingAverage?: number | undefined;
  /** Liquid alpha lower bound as a fraction (chain default 45875/65535 ≈ 0.7). */
  alphaLow?: number | undefined;
  /** Liquid alpha upper bound as a fraction (chain default 58982/65535 ≈ 0.9). */
  alphaHigh?: number | undefined;
  /** AlphaSigmoidSteepness in chain units (default 1000, a slope of 10). */
  steepness?: number | undefined;
  /** BondsResetOn: whether `resetBonds` events take effect (chain default false). */
  bondsResetOn?: boolean | undefined;
  /** MaxAllowedValidators (default 64, what new subnets get). */
  maxAllowedValidators?: number | undefined;
  /** Tempo in blocks between epochs (default 360); sets block numbers and the activity cutoff. */
  tempo?: number | undefined;
}

export interface ScenarioValidator {
  readonly name: string;
  /** Stake in alpha (1 alpha = 1e9 rao); only ratios matter. */
  readonly stake: number;
}

/** From epoch `from` on (until the next phase), these weights and/or stakes apply. */
export interface ScenarioPhase {
  readonly from: number;
  /**
   * One row per validator, one non-negative number per miner. `null`: the validator submits nothing
   * (its stored weights and last update stay as they were). A row of zeros: it abstains (sets a
   * self-weight, which the epoch masks).
   */
  readonly weights?: ReadonlyArray<ReadonlyArray<number> | null> | undefined;
  /** One stake (alpha) per validator. */
  readonly stakes?: ReadonlyArray<number> | undefined;
}

/** A miner by name or by 0-based index in `miners`. */
export type MinerRef = string | number;

export type ScenarioEvent =
  /** Before the epoch runs, delete every bond pointing at the miner (needs bondsResetOn). */
  | { readonly epoch: number; readonly type: "resetBonds"; readonly miner: MinerRef }
  /** The miner's uid is re-registered before the epoch's weights: older weights and bonds on it are masked. */
  | { readonly epoch: number; readonly type: "reregister"; readonly miner: MinerRef };

export interface Scenario {
  /** Display name, e.g. "Case 1 - kappa moves first". */
  readonly name: string;
  /** Short id used for lookup and file names (default: slug of the name). */
  readonly id?: string | undefined;
  /** One line. */
  readonly description?: string | undefined;
  /** Longer remarks (deviations from the source, what to look at). */
  readonly notes?: string | undefined;
  /** Where the scenario comes from, e.g. "bactensor/yuma-simulation Case 1". */
  readonly reference?: string | undefined;
  readonly epochs: number;
  readonly validators: ReadonlyArray<ScenarioValidator>;
  readonly miners: ReadonlyArray<string>;
  readonly phases: ReadonlyArray<ScenarioPhase>;
  readonly events?: ReadonlyArray<ScenarioEvent> | undefined;
  /** Mode used when the caller does not choose one (default yuma3). */
  readonly mode?: SimulationMode | undefined;
  readonly hyperparameters?: ScenarioHyperparameters | undefined;
  /** Alpha emitted per epoch (default 1). */
  readonly emission?: number | undefined;
  /** Zero weights in a row: sent as explicit zero entries (default, as the chain's Yuma-3 tests do) or left out (as the SDK does). */
  readonly zeroWeights?: "explicit" | "omit" | undefined;
}

/** A malformed scenario; `path` names the field, e.g. `phases[2].weights[1]`. */
export class ScenarioError extends Error {
  readonly code = "InvalidScenario";
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "ScenarioError";
    this.path = path;
  }
}

const MAX_EPOCHS = 100_000;
const MAX_UIDS = 4096;

const fraction = z.number().min(0, "expected a fraction in [0, 1]").max(1, "expected a fraction in [0, 1]");
const amount = z.number().min(0, "expected a non-negative number").max(1e12, "expected at most 1e12");
const epochIndex = z.number().int("expected an integer epoch").min(0, "expected an epoch >= 0");
const minerRef = z.union([z.string(), z.number().int().min(0)]);

const hyperparametersSchema = z.strictObject({
  kappa: fraction.optional(),
  bondsPenalty: fraction.optional(),
  bondsMovingAverage: fraction.optional(),
  alphaLow: fraction.optional(),
  alphaHigh: fraction.optional(),
  steepness: z.number().int().min(-32768).max(32767).optional(),
  bondsResetOn: z.boolean().optional(),
  maxAllowedValidators: z.number().int().min(1).max(65535).optional(),
  tempo: z.number().int().min(3, "tempo must be at least 3 blocks").max(50_400).optional(),
});

const scenarioSchema = z.strictObject({
  name: z.string().min(1, "expected a non-empty name"),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "expected lowercase letters, digits and dashes")
    .optional(),
  description: z.string().optional(),
  notes: z.string().optional(),
  reference: z.string().optional(),
  epochs: z.number().int("expected an integer").min(1).max(MAX_EPOCHS),
  validators: z
    .array(z.strictObject({ name: z.string().min(1, "expected a non-empty name"), stake: amount }))
    .min(1, "expected at least one validator"),
  miners: z.array(z.string().min(1, "expected a non-empty name")).min(1, "expected at least one miner"),
  phases: z
    .array(
      z.strictObject({
        from: epochIndex,
        weights: z.array(z.array(amount).nullable()).optional(),
        stakes: z.array(amount).optional(),
      }),
    )
    .min(1, "expected at least one phase"),
  events: z
    .array(
      z.discriminatedUnion("type", [
        z.strictObject({ epoch: epochIndex, type: z.literal("resetBonds"), miner: minerRef }),
        z.strictObject({ epoch: epochIndex, type: z.literal("reregister"), miner: minerRef }),
      ]),
    )
    .optional(),
  mode: z.enum(SIMULATION_MODES).optional(),
  hyperparameters: hyperparametersSchema.optional(),
  emission: amount.optional(),
  zeroWeights: z.enum(["explicit", "omit"]).optional(),
});

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || "(scenario)";
}

function valueAt(json: unknown, keys: ReadonlyArray<PropertyKey>): unknown {
  let at: unknown = json;
  for (const k of keys)
    at = at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[k] : undefined;
  return at;
}

/** Resolves a miner reference to its index in `scenario.miners`, or -1. */
export function minerIndex(scenario: Pick<Scenario, "miners">, ref: MinerRef): number {
  if (typeof ref === "number")
    return Number.isInteger(ref) && ref >= 0 && ref < scenario.miners.length ? ref : -1;
  return scenario.miners.indexOf(ref);
}

/** Cross-field checks the schema cannot express. Throws `ScenarioError`. */
export function checkScenario(s: Scenario, where = ""): void {
  const at = (p: string) => `${where}${p}`;
  const nv = s.validators.length;
  const nm = s.miners.length;
  if (nv + nm > MAX_UIDS)
    throw new ScenarioError(at("miners"), `at most ${MAX_UIDS} validators and miners in all`);
  const seen = new Map<string, string>();
  const names: Array<[string, string]> = [
    ...s.validators.map((v, i): [string, string] => [v.name, `validators[${i}].name`]),
    ...s.miners.map((m, j): [string, string] => [m, `miners[${j}]`]),
  ];
  for (const [name, path] of names) {
    const before = seen.get(name);
    if (before !== undefined) throw new ScenarioError(at(path), `duplicate name "${name}" (also ${before})`);
    seen.set(name, path);
  }
  let last = -1;
  s.phases.forEach((phase, k) => {
    const p = `phases[${k}]`;
    if (phase.from <= last)
      throw new ScenarioError(at(`${p}.from`), `phases must start at increasing epochs (previous: ${last})`);
    if (phase.from >= s.epochs)
      throw new ScenarioError(
        at(`${p}.from`),
        `epoch ${phase.from} is beyond the run (epochs = ${s.epochs})`,
      );
    last = phase.from;
    if (phase.weights !== undefined) {
      if (phase.weights.length !== nv) {
        throw new ScenarioError(
          at(`${p}.weights`),
          `expected ${nv} rows (one per validator), got ${phase.weights.length}`,
        );
      }
      phase.weights.forEach((row, i) => {
        if (row !== null && row.length !== nm) {
          throw new ScenarioError(
            at(`${p}.weights[${i}]`),
            `expected ${nm} numbers (one per miner), got ${row.length}`,
          );
        }
      });
    }
    if (phase.stakes !== undefined && phase.stakes.length !== nv) {
      throw new ScenarioError(
        at(`${p}.stakes`),
        `expected ${nv} stakes (one per validator), got ${phase.stakes.length}`,
      );
    }
  });
  (s.events ?? []).forEach((e, k) => {
    if (e.epoch >= s.epochs)
      throw new ScenarioError(
        at(`events[${k}].epoch`),
        `epoch ${e.epoch} is beyond the run (epochs = ${s.epochs})`,
      );
    if (minerIndex(s, e.miner) < 0) {
      throw new ScenarioError(
        at(`events[${k}].miner`),
        `no miner ${JSON.stringify(e.miner)} (miners: ${s.miners.join(", ")})`,
      );
    }
  });
  const hp = s.hyperparameters;
  if (hp?.alphaLow !== undefined && hp.alphaHigh !== undefined && hp.alphaLow > hp.alphaHigh) {
    throw new ScenarioError(at("hyperparameters.alphaLow"), "alphaLow must not exceed alphaHigh");
  }
}

/** Validates a parsed JSON scenario and returns it typed. Throws `ScenarioError` naming the first bad field. */
export function parseScenario(json: unknown, where = ""): Scenario {
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.path ?? [];
    const path = keys.length > 0 ? where + pathOf(keys) : where.replace(/\.$/, "") || "(scenario)";
    if (issue?.code === "unrecognized_keys") {
      const unknown = issue.keys.map((k) => JSON.stringify(k)).join(", ");
      throw new ScenarioError(path, `unknown field${issue.keys.length > 1 ? "s" : ""} ${unknown}`);
    }
    const value = valueAt(json, keys);
    throw new ScenarioError(
      path,
      value === undefined ? "missing (required field)" : (issue?.message ?? "invalid"),
    );
  }
  const scenario: Scenario = parsed.data;
  checkScenario(scenario, where);
  return scenario;
}

/** A scenario or an array of scenarios (then each error path starts with its index). */
export function parseScenarios(json: unknown): Scenario[] {
  return Array.isArray(json) ? json.map((x, i) => parseScenario(x, `[${i}].`)) : [parseScenario(json)];
}

/** Lowercase words joined by dashes: "Case 1 - kappa moves first" → "case-1-kappa-moves-first". */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "scenario"
  );
}

/** The scenario's id: its own, or the slug of its name. */
export function scenarioId(s: Pick<Scenario, "id" | "name">): string {
  return s.id ?? slugify(s.name);
}
