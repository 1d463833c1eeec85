/**
 * The named synthetic scenarios of the reference Python simulator (`bactensor/yuma-simulation`,
 * cases 1-24 as in the vendored copy in `bactensor/interactive-yuma-simulator`), as scenario data:
 * the same validators, stakes, miners, weights per epoch, epoch count and bond-reset events.
 *
 * Cases 19-24 draw their weights from seeded PyTorch normal noise; `./torch-rng.ts` reproduces that
 * generator, so the weights are the reference's up to float32 rounding.
 */
import {
  type Scenario,
  type ScenarioPhase,
  type ScenarioValidator,
  scenarioId,
  slugify,
} from "./scenario.js";
import { TorchGenerator, torchNormal } from "./torch-rng.js";

const EPOCHS = 40;
const SOURCE = "bactensor/yuma-simulation";

const TWO_SERVERS = ["Server 1", "Server 2"];
const THREE_SERVERS = ["Server 1", "Server 2", "Server 3"];
/** Weight rows for two servers. */
const S1 = [1, 0];
const S2 = [0, 1];

const vals = (...list: Array<[string, number]>): ScenarioValidator[] =>
  list.map(([name, stake]) => ({ name, stake }));
const bigAndTwoSmall = (big: string, small1: string, small2: string) =>
  vals([big, 0.8], [small1, 0.1], [small2, 0.1]);

interface CaseDef extends Omit<Scenario, "epochs" | "reference"> {
  readonly number: number;
}

function defineCase(c: CaseDef): Scenario {
  const { number, ...rest } = c;
  return { ...rest, reference: `${SOURCE} Case ${number}`, epochs: EPOCHS };
}

/** Cases 15-18: the big validator moves second while a stable miner keeps share `stable`. */
function stableMinerCase(number: number, moving: number, stable: number, id: string): Scenario {
  const old = [moving, 0, stable];
  const next = [0, moving, stable];
  return defineCase({
    number,
    id,
    name: `Case ${number} - big vali moves second, stable miner gets ${stable}`,
    description: `Weight ${moving} moves from Server 1 to Server 2 (eager small vali first, big vali second, lazy one last) while Server 3 keeps ${stable}.`,
    validators: bigAndTwoSmall("Big vali. (0.8)", "Small eager vali. (0.1)", "Small lazy vali. (0.1)"),
    miners: THREE_SERVERS,
    phases: [
      { from: 0, weights: [old, old, old] },
      { from: 1, weights: [old, next, old] },
      { from: 2, weights: [next, next, old] },
      { from: 3, weights: [next, next, next] },
    ],
  });
}

/** PyTorch's float32 row normalization `w / (sum(w) + 1e-6)` after clamping to [0, 1]. */
function torchNormalizeRow(row: number[]): number[] {
  const clamped = row.map((x) => Math.fround(Math.min(Math.max(x, 0), 1)));
  let sum = 0;
  for (const x of clamped) sum = Math.fround(sum + x);
  const denominator = Math.fround(sum + Math.fround(1e-6));
  return clamped.map((x) => Math.fround(x / denominator));
}

/** Client-side winner-takes-all: 1 on the first largest entry of each row. */
function oneHot(rows: number[][]): number[][] {
  return rows.map((row) => {
    let best = 0;
    row.forEach((x, j) => {
      if (x > (row[best] ?? 0)) best = j;
    });
    return row.map((_, j) => (j === best ? 1 : 0));
  });
}

const SEED = 42;
const seedFor = (stream: number, epoch: number) => SEED + stream * EPOCHS + epoch;

/** Three servers with true quality `perf`, each validator row = perf + N(0, std_i) (one generator per row). */
function noisyThreeServerWeights(perf: readonly number[], stds: readonly number[]): number[][][] {
  const perf32 = perf.map(Math.fround);
  return Array.from({ length: EPOCHS }, (_, epoch) =>
    stds.map((std, i) => {
      const noise = torchNormal(new TorchGenerator(seedFor(i, epoch)), 0, std, 3);
      return torchNormalizeRow(perf32.map((p, j) => Math.fround(p + (noise[j] ?? 0))));
    }),
  );
}

/** Two servers (quality 0.6 and 0.55); each entry draws from its own generator; std per validator. */
function noisyTwoServerWeights(): number[][][] {
  const perf = [0.6, 0.55];
  const stds = [0.05, 0.15, 0.15];
  return Array.from({ length: EPOCHS }, (_, epoch) =>
    stds.map((std, i) =>
      torchNormalizeRow(
        perf.map((p, j) => {
          const [noise = 0] = torchNormal(new TorchGenerator(seedFor(2 * i + j, epoch)), 0, std, 1);
          return Math.fround(p + noise);
        }),
      ),
    ),
  );
}

const perEpochPhases = (weights: number[][][]): ScenarioPhase[] =>
  weights.map((w, from) => ({ from, weights: w }));

const SERVER_SIDE_WTA_NOTE =
  "The reference runs this case with server-side winner-takes-all (all incentive to the top-ranked server), which is not a chain feature: here the proportional weights go through the chain's epoch unchanged.";
const CLIENT_SIDE_WTA_NOTE =
  "Each validator puts all its weight on the server it measured best (client-side winner-takes-all).";

let cache: Scenario[] | undefined;

/** All built-in scenarios, in the reference's order (Case 1 .. Case 24). */
export function builtinScenarios(): readonly Scenario[] {
  cache ??= buildAll();
  return cache;
}

function buildAll(): Scenario[] {
  const lowNoise3 = noisyThreeServerWeights([0.345, 0.35, 0.36], [0.01, 0.015, 0.015]);
  const highNoise3 = noisyThreeServerWeights([0.3, 0.35, 0.4], [0.05, 0.1, 0.1]);
  const highNoise2 = noisyTwoServerWeights();
  const lowNoiseValidators = vals(
    ["Big vali. 1 (low noise)", 0.34],
    ["Big vali. 2 (low noise)", 0.33],
    ["Big vali. 3 (low noise)", 0.33],
  );
  const mixedNoise3Validators = vals(
    ["Big vali. 1 (low noise)", 0.34],
    ["Big vali. 2 (high noise)", 0.33],
    ["Big vali. 3 (high noise)", 0.33],
  );
  const mixedNoise2Validators = vals(
    ["Big vali. 1 (low noise)", 0.49],
    ["Big vali. 2 (high noise)", 0.49],
    ["Small vali. (high noise)", 0.02],
  );

  return [
    defineCase({
      number: 1,
      id: "kappa-moves-first",
      name: "Case 1 - kappa moves first",
      description:
        "The big validator (0.8, enough stake to set consensus alone) moves from Server 1 to Server 2 first; the small ones follow one and two epochs later.",
      validators: bigAndTwoSmall("Big vali. (0.8)", "Small lazy vali. (0.1)", "Small lazier vali. (0.1)"),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S2, S1, S1] },
        { from: 2, weights: [S2, S2, S1] },
        { from: 3, weights: [S2, S2, S2] },
      ],
    }),
    defineCase({
      number: 2,
      id: "kappa-moves-second",
      name: "Case 2 - kappa moves second",
      description:
        "An eager small validator moves to Server 2 first, the big validator second, the lazy small one last.",
      validators: bigAndTwoSmall("Big vali. (0.8)", "Small eager vali. (0.1)", "Small lazy vali. (0.1)"),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S1] },
        { from: 2, weights: [S2, S2, S1] },
        { from: 3, weights: [S2, S2, S2] },
      ],
    }),
    defineCase({
      number: 3,
      id: "kappa-moves-third",
      name: "Case 3 - kappa moves third",
      description: "Both small validators move to Server 2 before the big validator, which moves last.",
      validators: bigAndTwoSmall("Big vali. (0.8)", "Small eager vali. (0.1)", "Small lazy vali. (0.1)"),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S1] },
        { from: 2, weights: [S1, S2, S2] },
        { from: 3, weights: [S2, S2, S2] },
      ],
    }),
    defineCase({
      number: 4,
      id: "all-validators-switch",
      name: "Case 4 - all validators switch",
      description: "All validators move from Server 1 to Server 2 together at epoch 1.",
      validators: bigAndTwoSmall("Big vali. (0.8)", "Small vali. (0.1)", "Small vali 2. (0.1)"),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S2, S2, S2] },
      ],
    }),
    defineCase({
      number: 5,
      id: "kappa-moves-second-then-third",
      name: "Case 5 - kappa moves second, then third",
      description:
        "Small validators lead the move to Server 2 with the big one second; at epoch 21 the move back to Server 1 starts, the big validator last.",
      validators: bigAndTwoSmall(
        "Big vali. (0.8)",
        "Small eager-eager vali. (0.1)",
        "Small eager-lazy vali. (0.1)",
      ),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S2] },
        { from: 2, weights: [S2, S2, S2] },
        { from: 21, weights: [S2, S1, S2] },
        { from: 22, weights: [S2, S1, S1] },
        { from: 23, weights: [S1, S1, S1] },
      ],
      events: [{ epoch: 20, type: "resetBonds", miner: "Server 2" }],
    }),
    defineCase({
      number: 6,
      id: "kappa-moves-second-then-all-switch",
      name: "Case 6 - kappa moves second, then all validators switch",
      description:
        "The eager small validator moves to Server 2 first and the big one second; at epoch 21 everyone switches back to Server 1 at once.",
      validators: bigAndTwoSmall("Big vali. (0.8)", "Small eager vali. (0.1)", "Small lazy vali. (0.1)"),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S1] },
        { from: 2, weights: [S2, S2, S1] },
        { from: 3, weights: [S2, S2, S2] },
        { from: 21, weights: [S1, S1, S1] },
      ],
      events: [{ epoch: 21, type: "resetBonds", miner: "Server 1" }],
    }),
    defineCase({
      number: 7,
      id: "big-vali-moves-late-then-all-but-one",
      name: "Case 7 - big vali moves late, then all but one small vali moves late",
      description:
        "Both small validators move to Server 2 before the big one; at epoch 21 only one small validator moves back to Server 1 early, the rest follow an epoch later.",
      validators: bigAndTwoSmall(
        "Big vali. (0.8)",
        "Small eager-lazy vali. (0.1)",
        "Small eager-eager vali. (0.1)",
      ),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S2] },
        { from: 2, weights: [S2, S2, S2] },
        { from: 21, weights: [S2, S2, S1] },
        { from: 22, weights: [S1, S1, S1] },
      ],
      events: [{ epoch: 21, type: "resetBonds", miner: "Server 1" }],
    }),
    defineCase({
      number: 8,
      id: "big-vali-moves-late-then-late",
      name: "Case 8 - big vali moves late, then late",
      description:
        "A lazy big validator copies the small validators one epoch late, both when they move to Server 2 (epoch 1) and back to Server 1 (epoch 21).",
      notes:
        "The chain's own version of this case (subtensor test_yuma_3_bonds_reset) resets the bonds of Server 1 at epoch 20; the reference simulator resets Server 2, kept here.",
      validators: bigAndTwoSmall(
        "Big dishonest lazy vali. (0.8)",
        "Small eager-eager vali. (0.1)",
        "Small eager-eager vali 2. (0.1)",
      ),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S2] },
        { from: 2, weights: [S2, S2, S2] },
        { from: 21, weights: [S2, S1, S1] },
        { from: 22, weights: [S1, S1, S1] },
      ],
      events: [{ epoch: 20, type: "resetBonds", miner: "Server 2" }],
    }),
    defineCase({
      number: 9,
      id: "small-validators-merged",
      name: "Case 9 - small validators merged in e5",
      description:
        "Everyone weights Server 2; from epoch 6 the second small validator's stake moves to the first (0.1/0.1 → 0.2/0).",
      validators: vals(
        ["Big vali. (0.8)", 0.8],
        ["Small vali. (0.1/0.2)", 0.1],
        ["Small vali 2. (0.1/0.0)", 0.1],
      ),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S2, S2, S2] },
        { from: 6, stakes: [0.8, 0.2, 0] },
      ],
    }),
    defineCase({
      number: 10,
      id: "kappa-delayed",
      name: "Case 10 - kappa delayed",
      description:
        "The eager small validator moves to Server 2 at epoch 1 but the big validator only follows at epoch 10, the lazy one at 11.",
      validators: bigAndTwoSmall(
        "Big delayed vali. (0.8)",
        "Small eager vali. (0.1)",
        "Small lazy vali. (0.1)",
      ),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 1, weights: [S1, S2, S1] },
        { from: 10, weights: [S2, S2, S1] },
        { from: 11, weights: [S2, S2, S2] },
      ],
    }),
    defineCase({
      number: 11,
      id: "clipping-demo",
      name: "Case 11 - clipping demo",
      description:
        "Two 0.49 validators disagree, so the 0.02 one decides the consensus their weights are clipped to; when it changes its weights at epoch 20, trust and dividends move from Big vali. 2 to Big vali. 1.",
      validators: vals(
        ["Big vali. 1 (0.49)", 0.49],
        ["Big vali. 2 (0.49)", 0.49],
        ["Small vali. (0.02)", 0.02],
      ),
      miners: TWO_SERVERS,
      phases: [
        {
          from: 0,
          weights: [
            [0.3, 0.7],
            [0.6, 0.4],
            [0.61, 0.39],
          ],
        },
        {
          from: 20,
          weights: [
            [0.3, 0.7],
            [0.6, 0.4],
            [0.3, 0.61],
          ],
        },
      ],
    }),
    defineCase({
      number: 12,
      id: "all-switch-small-keeps-alt-miner",
      name: "Case 12 - all validators switch, but small validator/s support alt miner with minimal weight",
      description:
        "Everyone moves Server 1 → Server 2 (epoch 1) and back (epoch 21); one small validator always leaves 0.001 on the other server.",
      validators: vals(
        ["Big vali. (0.8)", 0.8],
        ["Small dishonest vali. (0.1)", 0.1],
        ["Small vali. (0.1)", 0.1],
      ),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, [0.999, 0.001], S1] },
        { from: 1, weights: [S2, [0.001, 0.999], S2] },
        { from: 21, weights: [S1, [0.999, 0.001], S1] },
      ],
      events: [{ epoch: 20, type: "resetBonds", miner: "Server 2" }],
    }),
    defineCase({
      number: 13,
      id: "big-vali-server-2-small-server-1",
      name: "Case 13 - Big vali supports server 2, small validator/s support server 1",
      description:
        "The big validator weights only Server 2; one small validator splits 0.5/0.5 from the start, the other from epoch 21.",
      validators: bigAndTwoSmall("Big vali. (0.8)", "Small vali. (0.1)", "Small vali 2. (0.1)"),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S2, [0.5, 0.5], S2] },
        { from: 21, weights: [S2, [0.5, 0.5], [0.5, 0.5]] },
      ],
      events: [{ epoch: 20, type: "resetBonds", miner: "Server 1" }],
    }),
    defineCase({
      number: 14,
      id: "one-epoch-switch",
      name: "Case 14 - All validators support Server 1, one of them switches to Server 2 for one epoch",
      description:
        "Three near-equal validators weight Server 1; the 0.34 one weights Server 2 for epoch 20 only.",
      validators: vals(["Vali. 1 (0.33)", 0.33], ["Vali. 2 (0.33)", 0.33], ["Vali. 3 (0.34)", 0.34]),
      miners: TWO_SERVERS,
      phases: [
        { from: 0, weights: [S1, S1, S1] },
        { from: 20, weights: [S1, S1, S2] },
        { from: 21, weights: [S1, S1, S1] },
      ],
    }),
    stableMinerCase(15, 0.75, 0.25, "stable-miner-0-25"),
    stableMinerCase(16, 0.5, 0.5, "stable-miner-0-5"),
    stableMinerCase(17, 0.25, 0.75, "stable-miner-0-75"),
    stableMinerCase(18, 0.1, 0.9, "stable-miner-0-9"),
    defineCase({
      number: 19,
      id: "wta-client-3-servers-low-noise",
      name: "Case 19 - 3 servers Client-side WTA low noise",
      description:
        "Three equal validators measure three close servers (0.345/0.35/0.36) with low noise and each puts all weight on its best.",
      notes: `${CLIENT_SIDE_WTA_NOTE} ${SERVER_SIDE_WTA_NOTE}`,
      validators: lowNoiseValidators,
      miners: THREE_SERVERS,
      phases: perEpochPhases(lowNoise3.map(oneHot)),
    }),
    defineCase({
      number: 20,
      id: "wta-server-3-servers-low-noise",
      name: "Case 20 - 3 servers Server-side WTA low noise",
      description:
        "Three equal validators set proportional weights on three close servers (0.345/0.35/0.36) measured with low noise.",
      notes: SERVER_SIDE_WTA_NOTE,
      validators: lowNoiseValidators,
      miners: THREE_SERVERS,
      phases: perEpochPhases(lowNoise3),
    }),
    defineCase({
      number: 21,
      id: "wta-client-2-servers-high-noise",
      name: "Case 21 - 2 servers Client-side WTA high noise",
      description:
        "Two big validators (one precise, one noisy) and a small noisy one each put all weight on the server they measured best (0.6 vs 0.55).",
      notes: CLIENT_SIDE_WTA_NOTE,
      validators: mixedNoise2Validators,
      miners: TWO_SERVERS,
      phases: perEpochPhases(highNoise2.map(oneHot)),
    }),
    defineCase({
      number: 22,
      id: "wta-server-2-servers-high-noise",
      name: "Case 22 - 2 servers Server-side WTA high noise",
      description:
        "Two big validators (one precise, one noisy) and a small noisy one set proportional weights on two servers (0.6 vs 0.55).",
      notes: SERVER_SIDE_WTA_NOTE,
      validators: mixedNoise2Validators,
      miners: TWO_SERVERS,
      phases: perEpochPhases(highNoise2),
    }),
    defineCase({
      number: 23,
      id: "wta-client-3-servers-high-noise",
      name: "Case 23 - 3 servers Client-side WTA high noise",
      description:
        "One precise and two noisy validators each put all weight on the best of three servers (0.30/0.35/0.40) as they measured it.",
      notes: `${CLIENT_SIDE_WTA_NOTE} ${SERVER_SIDE_WTA_NOTE}`,
      validators: mixedNoise3Validators,
      miners: THREE_SERVERS,
      phases: perEpochPhases(highNoise3.map(oneHot)),
    }),
    defineCase({
      number: 24,
      id: "wta-server-3-servers-high-noise",
      name: "Case 24 - 3 servers Server-side WTA high noise",
      description:
        "One precise and two noisy validators set proportional weights on three servers (0.30/0.35/0.40).",
      notes: SERVER_SIDE_WTA_NOTE,
      validators: mixedNoise3Validators,
      miners: THREE_SERVERS,
      phases: perEpochPhases(highNoise3),
    }),
  ];
}

/** The case number of a built-in scenario ("... Case 7" → 7), or undefined. */
export function caseNumber(s: Scenario): number | undefined {
  const m = /Case (\d+)$/.exec(s.reference ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Names a built-in scenario answers to: its id, its full name, its title, "case-N" and "N". */
function keysOf(s: Scenario): string[] {
  const keys = [scenarioId(s), slugify(s.name)];
  const title = s.name.split(" - ").slice(1).join(" - ");
  if (title) keys.push(slugify(title));
  const n = caseNumber(s);
  if (n !== undefined) keys.push(`case-${n}`, String(n));
  return keys;
}

/**
 * Finds a built-in scenario by id ("kappa-moves-first"), name ("Case 1 - kappa moves first"), title
 * ("kappa moves first"), case ("Case 1", "1"), case-insensitively, or by a fragment matching exactly one
 * scenario ("clipping"). Returns the match, or the candidates a fragment matched (possibly none).
 */
export function findBuiltinScenario(query: string): { scenario?: Scenario; candidates: readonly Scenario[] } {
  const q = slugify(query);
  const all = builtinScenarios();
  const exact = all.find((s) => keysOf(s).includes(q));
  if (exact) return { scenario: exact, candidates: [exact] };
  const candidates = all.filter((s) => keysOf(s).some((k) => k.includes(q)));
  return candidates.length === 1 && candidates[0] ? { scenario: candidates[0], candidates } : { candidates };
}
