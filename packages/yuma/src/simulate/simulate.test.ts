import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fx } from "@taonet/math";
import { parseEpochInput } from "../io.js";
import type { EpochOutput } from "../types.js";
import {
  alphaToRao,
  bondTable,
  builtinScenarios,
  caseNumber,
  findBuiltinScenario,
  fractionToU16,
  parseScenario,
  runScenario,
  type Scenario,
  ScenarioError,
  type ScenarioHyperparameters,
  SIMULATION_MODES,
  type SimulationMode,
  type SimulationResult,
  scenarioId,
  simulationToCsv,
  simulationToSvg,
  summarize,
  TorchGenerator,
  torchNormal,
  weightRowToU16,
} from "./index.js";

const num = (raw: number | undefined) => fx.toNumber(raw ?? 0);
const sum = (xs: readonly number[]) => xs.reduce((a, x) => a + fx.toNumber(x), 0);

function builtin(query: string): Scenario {
  const { scenario } = findBuiltinScenario(query);
  assert.ok(scenario, `built-in scenario ${query}`);
  return scenario;
}

/** Dividends (or any uid vector) of validator `uid` per epoch. */
const series = (
  r: SimulationResult,
  uid: number,
  pick: (o: EpochOutput) => readonly number[] = (o) => o.dividends,
) => r.records.map((rec) => num(pick(rec.output)[uid]));
const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** JSON copy with bigint as decimal strings (what parseEpochInput reads). */
const jsonOf = (x: unknown) =>
  JSON.parse(JSON.stringify(x, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as unknown;

describe("torch-compatible random generator", () => {
  it("reproduces torch.manual_seed(42); torch.randn(2, 3)", () => {
    const values = torchNormal(new TorchGenerator(42), 0, 1, 6);
    const expected = [0.3367, 0.1288, 0.2345, 0.2303, -1.1229, -0.1863];
    values.forEach((v, i) => {
      assert.ok(Math.abs(v - (expected[i] ?? 0)) < 5e-5, `value ${i}: ${v}`);
    });
  });
  it("returns float32 values", () => {
    for (const v of torchNormal(new TorchGenerator(7), 0.5, 0.1, 5)) assert.equal(v, Math.fround(v));
  });
});

describe("built-in scenarios", () => {
  const all = builtinScenarios();

  it("are the reference's cases 1..24 with unique ids and names", () => {
    assert.deepEqual(
      all.map(caseNumber),
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    assert.equal(new Set(all.map(scenarioId)).size, all.length);
    for (const s of all) {
      assert.match(s.name, new RegExp(`^Case ${caseNumber(s)} - `));
      assert.ok(s.description && s.description.length < 220, `${s.name}: one-line description`);
      assert.equal(s.epochs, 40);
    }
  });

  it("are valid JSON scenarios (they survive a round trip through parseScenario)", () => {
    for (const s of all) {
      const copy = parseScenario(JSON.parse(JSON.stringify(s)));
      assert.deepEqual(copy, JSON.parse(JSON.stringify(s)), s.name);
    }
  });

  it("are found by id, name, title, case number and unique fragment", () => {
    assert.equal(caseNumber(builtin("kappa-moves-first")), 1);
    assert.equal(caseNumber(builtin("Case 1 - kappa moves first")), 1);
    assert.equal(caseNumber(builtin("kappa moves first")), 1);
    assert.equal(caseNumber(builtin("Case 8")), 8);
    assert.equal(caseNumber(builtin("8")), 8);
    assert.equal(caseNumber(builtin("clipping")), 11);
    const ambiguous = findBuiltinScenario("big vali moves late");
    assert.equal(ambiguous.scenario, undefined);
    assert.deepEqual(ambiguous.candidates.map(caseNumber), [7, 8]);
    assert.deepEqual(findBuiltinScenario("no such thing").candidates, []);
  });

  it("carry the reference's bond-reset events", () => {
    const resets = all
      .filter((s) => (s.events ?? []).length > 0)
      .map((s) => [caseNumber(s), s.events?.map((e) => [e.type, e.epoch, e.miner])]);
    assert.deepEqual(resets, [
      [5, [["resetBonds", 20, "Server 2"]]],
      [6, [["resetBonds", 21, "Server 1"]]],
      [7, [["resetBonds", 21, "Server 1"]]],
      [8, [["resetBonds", 20, "Server 2"]]],
      [12, [["resetBonds", 20, "Server 2"]]],
      [13, [["resetBonds", 20, "Server 1"]]],
    ]);
  });

  it("noisy cases: client-side WTA rows are one-hot on the argmax of the proportional rows", () => {
    const pairs: Array<[number, number]> = [
      [19, 20],
      [21, 22],
      [23, 24],
    ];
    for (const [client, server] of pairs) {
      const c = builtin(String(client));
      const s = builtin(String(server));
      assert.equal(c.phases.length, 40);
      c.phases.forEach((phase, e) => {
        const proportional = s.phases[e]?.weights ?? [];
        phase.weights?.forEach((row, i) => {
          const p = proportional[i] ?? [];
          const best = p.indexOf(Math.max(...p));
          assert.deepEqual(
            row,
            p.map((_, j) => (j === best ? 1 : 0)),
          );
          // Proportional rows are normalized float32 weights near the servers' true quality.
          assert.ok(Math.abs(total(p) - 1) < 1e-5);
          for (const w of p) assert.equal(w, Math.fround(w));
        });
      });
    }
  });
});

describe("every built-in scenario runs in every mode", () => {
  for (const scenario of builtinScenarios()) {
    it(scenario.name, () => {
      for (const mode of SIMULATION_MODES) {
        const r = runScenario(scenario, { mode });
        assert.equal(r.records.length, scenario.epochs);
        for (const rec of r.records) {
          const where = `${mode} epoch ${rec.epoch}`;
          const inc = sum(rec.output.incentive);
          const div = sum(rec.output.dividends);
          assert.ok(Math.abs(inc - 1) < 1e-6 || inc === 0, `${where}: incentive sums to ${inc}`);
          assert.ok(Math.abs(div - 1) < 1e-6 || div === 0, `${where}: dividends sum to ${div}`);
          // Miners get no dividends, validators no incentive.
          for (let uid = 0; uid < r.validatorCount; uid++) assert.equal(rec.output.incentive[uid], 0, where);
          for (let uid = r.validatorCount; uid < rec.input.n; uid++)
            assert.equal(rec.output.dividends[uid], 0, where);
          // The runner builds inputs the epoch's own validation accepts.
          if (rec.epoch % 13 === 0) parseEpochInput(jsonOf(rec.input));
        }
      }
    });
  }
});

/**
 * The chain's own multi-epoch Yuma 3 tests (subtensor `tests/epoch_logs`-style `test_yuma_3_*`) run
 * some of these cases with liquid alpha (0.1, 0.3), bonds moving average 975000 and no bonds penalty,
 * and assert dividends within 1e-3. Their figures, bonds included, must come out of the simulator.
 */
describe("agrees with the chain's Yuma 3 scenario tests", () => {
  const RUST_TEST_HP: ScenarioHyperparameters = {
    kappa: 0.5,
    bondsPenalty: 0,
    bondsMovingAverage: 0.975,
    alphaLow: 0.1,
    alphaHigh: 0.3,
    steepness: 1000,
    maxAllowedValidators: 3,
  };

  function check(
    r: SimulationResult,
    dividends: Record<number, number[]>,
    bonds: Record<number, number[][]> | null,
  ): void {
    for (const [epochText, want] of Object.entries(dividends)) {
      const epoch = Number(epochText);
      const rec = r.records[epoch];
      assert.ok(rec, `epoch ${epoch}`);
      want.forEach((d, uid) => {
        const got = num(rec.output.dividends[uid]);
        assert.ok(Math.abs(got - d) <= 1e-3, `epoch ${epoch} dividends[${uid}]: ${got} vs ${d}`);
      });
      const wantBonds = bonds?.[epoch];
      if (wantBonds) {
        const table = bondTable(rec.output, r.validatorCount, r.minerCount).bond;
        wantBonds.forEach((row, i) => {
          row.forEach((b, j) => {
            const got = table[i]?.[j] ?? 0;
            assert.ok(Math.abs(got - b) <= 1e-3, `epoch ${epoch} bond[${i}][${j}]: ${got} vs ${b}`);
          });
        });
      }
    }
  }

  const run = (
    s: Scenario,
    epochs: number,
    mode: SimulationMode = "yuma3-liquid",
    extra: ScenarioHyperparameters = {},
  ) => runScenario(s, { mode, epochs, hyperparameters: { ...RUST_TEST_HP, ...extra } });

  it("kappa moves first (Case 1)", () => {
    check(
      run(builtin("1"), 6),
      {
        0: [0.8, 0.1, 0.1],
        1: [1, 0, 0],
        2: [0.9382, 0.0618, 0],
        3: [0.8819, 0.0773, 0.0407],
        4: [0.8564, 0.0844, 0.0592],
        5: [0.8418, 0.0884, 0.0697],
      },
      {
        0: [
          [0.1013, 0],
          [0.1013, 0],
          [0.1013, 0],
        ],
        1: [
          [0.0908, 0.1013],
          [0.3697, 0],
          [0.3697, 0],
        ],
        2: [
          [0.0815, 0.1924],
          [0.317, 0.1013],
          [0.558, 0],
        ],
        5: [
          [0.0588, 0.4139],
          [0.2157, 0.3478],
          [0.3089, 0.2742],
        ],
      },
    );
  });

  it("kappa moves second (Case 2)", () => {
    check(
      run(builtin("2"), 6),
      {
        0: [0.8, 0.1, 0.1],
        1: [0.8446, 0.0498, 0.1056],
        2: [0.6868, 0.3132, 0],
        3: [0.7421, 0.209, 0.0489],
        4: [0.7625, 0.1706, 0.0669],
        5: [0.773, 0.1508, 0.0762],
      },
      {
        1: [
          [0.1924, 0],
          [0.0908, 0.2987],
          [0.1924, 0],
        ],
        5: [
          [0.1225, 0.3478],
          [0.0588, 0.5426],
          [0.2712, 0.2742],
        ],
      },
    );
  });

  it("kappa moves last (Case 3)", () => {
    check(
      run(builtin("3"), 6),
      {
        0: [0.8, 0.1, 0.1],
        1: [0.8446, 0.0498, 0.1056],
        2: [0.8966, 0.0333, 0.0701],
        3: [0.4663, 0.321, 0.2127],
        4: [0.5976, 0.234, 0.1683],
        5: [0.6592, 0.1932, 0.1475],
      },
      {
        2: [
          [0.2742, 0],
          [0.0815, 0.5081],
          [0.1715, 0.2987],
        ],
        5: [
          [0.1903, 0.2742],
          [0.0588, 0.643],
          [0.1225, 0.491],
        ],
      },
    );
  });

  it("stable miner (Case 16)", () => {
    check(
      run(builtin("16"), 6),
      {
        0: [0.8, 0.1, 0.1],
        1: [0.8226, 0.0745, 0.1028],
        2: [0.775, 0.1685, 0.0565],
        3: [0.7864, 0.1372, 0.0764],
        4: [0.7912, 0.1241, 0.0847],
        5: [0.7937, 0.1173, 0.089],
      },
      {
        2: [
          [0.0863, 0.0507, 0.1371],
          [0.0408, 0.1405, 0.1371],
          [0.177, 0, 0.1371],
        ],
        5: [
          [0.0623, 0.1739, 0.2366],
          [0.0296, 0.2391, 0.2366],
          [0.1263, 0.1371, 0.2366],
        ],
      },
    );
  });

  /** Case 14 with the switch at epoch 2, as the chain's test_yuma_3_one_epoch_switch has it. */
  const oneEpochSwitch: Scenario = {
    ...builtin("14"),
    phases: [
      {
        from: 0,
        weights: [
          [1, 0],
          [1, 0],
          [1, 0],
        ],
      },
      {
        from: 2,
        weights: [
          [1, 0],
          [1, 0],
          [0, 1],
        ],
      },
      {
        from: 3,
        weights: [
          [1, 0],
          [1, 0],
          [1, 0],
        ],
      },
    ],
  };

  it("one epoch switch (Case 14, switch at epoch 2)", () => {
    check(
      run(oneEpochSwitch, 6),
      {
        0: [0.33, 0.33, 0.34],
        1: [0.33, 0.33, 0.34],
        2: [0.3782, 0.3782, 0.2436],
        3: [0.3628, 0.3628, 0.2745],
        4: [0.3541, 0.3541, 0.2917],
        5: [0.3487, 0.3487, 0.3026],
      },
      {
        2: [
          [0.2742, 0],
          [0.2742, 0],
          [0.1715, 0.2987],
        ],
        5: [
          [0.4733, 0],
          [0.4733, 0],
          [0.3987, 0.2051],
        ],
      },
    );
  });

  it("liquid alpha disabled (same, Yuma 3 with a fixed EMA alpha of 0.025)", () => {
    check(
      run(oneEpochSwitch, 6, "yuma3"),
      {
        0: [0.33, 0.33, 0.34],
        1: [0.33, 0.33, 0.34],
        2: [0.3734, 0.3734, 0.2532],
        3: [0.3611, 0.3611, 0.2779],
        4: [0.3541, 0.3541, 0.2919],
        5: [0.3495, 0.3495, 0.3009],
      },
      null,
    );
  });

  it("bonds reset (Case 8 with Server 1's bonds reset at epoch 20)", () => {
    const s: Scenario = { ...builtin("8"), events: [{ epoch: 20, type: "resetBonds", miner: "Server 1" }] };
    check(
      run(s, 41, "yuma3-liquid", { bondsResetOn: true }),
      {
        0: [0.8, 0.1, 0.1],
        1: [0.8944, 0.0528, 0.0528],
        2: [0.523, 0.2385, 0.2385],
        19: [0.7919, 0.104, 0.104],
        20: [0.7928, 0.1036, 0.1036],
        21: [0.8467, 0.0766, 0.0766],
        40: [0.7928, 0.1036, 0.1036],
      },
      {
        19: [
          [0.0269, 0.8539],
          [0.0131, 0.8975],
          [0.0131, 0.8975],
        ],
        20: [
          [0, 0.8687],
          [0, 0.9079],
          [0, 0.9079],
        ],
        21: [
          [0, 0.882],
          [0.2987, 0.6386],
          [0.2987, 0.6386],
        ],
        40: [
          [0.8687, 0.0578],
          [0.9079, 0.0523],
          [0.9079, 0.0523],
        ],
      },
    );
  });
});

describe("what the cases show", () => {
  it("Case 1: when the big validator moves first, the lazy small validators lose dividends, the lazier more (Yuma 3)", () => {
    for (const mode of ["yuma3", "yuma3-liquid"] as const) {
      const v = summarize(runScenario(builtin("1"), { mode })).validators;
      const [big, lazy, lazier] = v.map((x) => x.totalDividends);
      assert.ok((lazy ?? 0) < 4 && (lazier ?? 0) < (lazy ?? 0), `${mode}: ${lazy} ${lazier}`);
      assert.ok((big ?? 0) > 32, mode);
    }
  });

  it("Case 2: the eager small validator earns more than the lazy one; it is paid above its stake when consensus follows it", () => {
    for (const mode of SIMULATION_MODES) {
      const r = runScenario(builtin("2"), { mode });
      const [, eager, lazy] = summarize(r).validators.map((x) => x.totalDividends);
      assert.ok((eager ?? 0) > (lazy ?? 0), `${mode}: ${eager} vs ${lazy}`);
      // Epoch 1: ahead of consensus, clipped, below its stake share; epoch 2: the big one follows.
      const d = series(r, 1);
      assert.ok((d[1] ?? 1) < 0.1 && (d[2] ?? 0) > 0.1, `${mode}: ${d.slice(0, 4)}`);
    }
  });

  it("Case 4: validators that move together are paid by stake in every mode", () => {
    for (const mode of SIMULATION_MODES) {
      const r = runScenario(builtin("4"), { mode });
      for (const rec of r.records) {
        [0.8, 0.1, 0.1].forEach((share, uid) => {
          // Up to the u16 storage of Yuma-2 bonds (8191/65535 is not 1/8).
          assert.ok(Math.abs(num(rec.output.dividends[uid]) - share) < 1e-4, `${mode} epoch ${rec.epoch}`);
        });
      }
    }
  });

  it("Case 9: Yuma 3 pays a merged stake at once, Yuma 2 only as its bonds catch up", () => {
    const y3 = runScenario(builtin("9"), { mode: "yuma3" });
    const y2 = runScenario(builtin("9"), { mode: "yuma2" });
    for (let e = 7; e < 40; e++) {
      assert.ok(Math.abs((series(y3, 1)[e] ?? 0) - 0.2) < 1e-6, `yuma3 epoch ${e}`);
      assert.equal(series(y3, 2)[e], 0);
      assert.equal(series(y2, 2)[e], 0);
    }
    const y2small = series(y2, 1);
    assert.ok(
      (y2small[10] ?? 1) < 0.16 && (y2small[39] ?? 0) > (y2small[10] ?? 1) && (y2small[39] ?? 1) < 0.2,
    );
  });

  it("Case 10: the eager validator, ahead of consensus for nine epochs, is paid below its stake meanwhile", () => {
    for (const mode of SIMULATION_MODES) {
      const d = series(runScenario(builtin("10"), { mode }), 1);
      for (let e = 1; e <= 9; e++) assert.ok((d[e] ?? 1) < 0.1, `${mode} epoch ${e}: ${d[e]}`);
    }
  });

  it("Case 11: the 2% validator decides the consensus between two 49% ones; clipping moves trust at epoch 20", () => {
    for (const mode of SIMULATION_MODES) {
      const r = runScenario(builtin("11"), { mode });
      const trust = (uid: number) => series(r, uid, (o) => o.validatorTrust);
      const near = (x: number | undefined, y: number) => Math.abs((x ?? -1) - y) < 1e-3;
      // Before: consensus (0.6, 0.4); Big vali. 1 (0.3, 0.7) keeps 0.3 + 0.4.
      assert.ok(near(trust(0)[10], 0.7) && near(trust(1)[10], 1) && near(trust(2)[10], 0.99), mode);
      // After: consensus follows the small validator's (0.33, 0.67).
      assert.ok(near(trust(0)[30], 0.3 + 0.61 / 0.91) && near(trust(1)[30], 0.3 / 0.91 + 0.4), mode);
      const inc = (uid: number) => series(r, uid, (o) => o.incentive);
      assert.ok((inc(3)[10] ?? 0) > (inc(4)[10] ?? 1) && (inc(3)[30] ?? 1) < (inc(4)[30] ?? 0), mode);
    }
    const y3 = runScenario(builtin("11"), { mode: "yuma3" });
    assert.ok(
      (series(y3, 0)[10] ?? 1) < (series(y3, 1)[10] ?? 0) &&
        (series(y3, 0)[39] ?? 0) > (series(y3, 1)[39] ?? 1),
    );
  });

  it("Case 12: the small validator that keeps 0.001 on the other server earns less than the honest one", () => {
    for (const mode of SIMULATION_MODES) {
      const [, dishonest, honest] = summarize(runScenario(builtin("12"), { mode })).validators.map(
        (x) => x.totalDividends,
      );
      assert.ok((dishonest ?? 1) < (honest ?? 0), `${mode}: ${dishonest} vs ${honest}`);
    }
  });

  it("Case 13: weight on a server without consensus is clipped: trust 0.5 and lower dividends", () => {
    for (const mode of SIMULATION_MODES) {
      const r = runScenario(builtin("13"), { mode });
      const trust = series(r, 1, (o) => o.validatorTrust);
      assert.ok(Math.abs((trust[10] ?? 0) - 0.5) < 1e-4, mode);
      const small = total(series(r, 1).slice(1, 21));
      const small2 = total(series(r, 2).slice(1, 21));
      assert.ok(small < small2, `${mode}: ${small} vs ${small2}`);
      assert.equal(series(r, 4, (o) => o.incentive)[10], 1);
    }
  });

  it("Case 14: a one-epoch switch costs the switching validator, which then recovers", () => {
    for (const mode of SIMULATION_MODES) {
      const d = series(runScenario(builtin("14"), { mode }), 2);
      assert.ok((d[20] ?? 1) < 0.33, `${mode}: ${d[20]}`);
      for (let e = 21; e < 40; e++)
        assert.ok((d[e] ?? 0) >= (d[e - 1] ?? 1) - 1e-9 && (d[e] ?? 1) <= 0.34 + 1e-6);
      assert.ok((d[39] ?? 0) > 0.32, mode);
    }
  });

  it("Cases 15-18: once all agree, the stable server's incentive is its weight", () => {
    for (const [n, stable] of [
      [15, 0.25],
      [16, 0.5],
      [17, 0.75],
      [18, 0.9],
    ] as const) {
      const r = runScenario(builtin(String(n)), { mode: "yuma3" });
      const inc = series(r, 5, (o) => o.incentive);
      assert.ok(
        Math.abs((inc[0] ?? 0) - stable) < 1e-4 && Math.abs((inc[39] ?? 0) - stable) < 1e-4,
        `Case ${n}`,
      );
    }
  });

  it("Cases 19-24: one-hot (client-side WTA) weights give the incentive to a single server; proportional weights spread it", () => {
    for (const n of [19, 21, 23]) {
      const r = runScenario(builtin(String(n)));
      for (const rec of r.records) {
        const paid = rec.output.incentive.filter((x) => x > 0);
        assert.ok(
          paid.length <= 1 && (paid.length === 0 || paid[0] === fx.ONE),
          `Case ${n} epoch ${rec.epoch}`,
        );
      }
    }
    for (const n of [20, 22, 24]) {
      const r = runScenario(builtin(String(n)));
      for (const rec of r.records) {
        assert.ok(rec.output.incentive.filter((x) => x > 0).length >= 2, `Case ${n} epoch ${rec.epoch}`);
      }
    }
  });
});

describe("runner", () => {
  const tiny = (over: Partial<Scenario> = {}): Scenario => ({
    name: "tiny, with a comma",
    epochs: 4,
    validators: [
      { name: "A", stake: 3 },
      { name: 'B "quoted"', stake: 1 },
    ],
    miners: ["m1", "m2"],
    phases: [
      {
        from: 0,
        weights: [
          [1, 0],
          [0.5, 0.5],
        ],
      },
    ],
    ...over,
  });

  it("stores weights max-upscaled to u16 as set_weights does", () => {
    assert.deepEqual(weightRowToU16([0.25, 0.75], 0, 3, "explicit"), [
      [3, 21845],
      [4, 65535],
    ]);
    assert.deepEqual(weightRowToU16([0, 2], 0, 3, "explicit"), [
      [3, 0],
      [4, 65535],
    ]);
    assert.deepEqual(weightRowToU16([0, 2], 0, 3, "omit"), [[4, 65535]]);
    assert.deepEqual(weightRowToU16([0, 0], 1, 3, "explicit"), [[1, 65535]], "all zero: self-weight");
    const r = runScenario(tiny());
    assert.deepEqual(r.records[0]?.input.weights, [
      [
        [2, 65535],
        [3, 0],
      ],
      [
        [2, 65535],
        [3, 65535],
      ],
      [],
      [],
    ]);
    assert.deepEqual(r.records[0]?.input.stake, [3_000_000_000n, 1_000_000_000n, 0n, 0n]);
    assert.deepEqual(r.records[0]?.input.validatorPermit, [true, true, false, false]);
  });

  it("converts fractions like the chain and alpha to rao exactly", () => {
    assert.equal(fractionToU16(0.5), 32767);
    assert.equal(fractionToU16(1), 65535);
    assert.equal(fractionToU16(0), 0);
    assert.equal(fractionToU16(0.1), 6553);
    assert.equal(fractionToU16(12345 / 65535), 12345);
    assert.equal(alphaToRao(0.1), 100_000_000n);
    assert.equal(alphaToRao(1234567.000000001), 1_234_567_000_000_001n);
  });

  it("uses the chain defaults, the scenario's hyperparameters, then the caller's", () => {
    const r = runScenario(tiny({ hyperparameters: { kappa: 0.6, bondsPenalty: 0.5 } }), {
      mode: "yuma3-liquid",
      hyperparameters: { bondsPenalty: 0 },
    });
    const hp = r.hyperparameters;
    assert.deepEqual(
      [hp.kappa, hp.bondsPenalty, hp.bondsMovingAverage, hp.alphaLow, hp.alphaHigh, hp.yuma3, hp.liquidAlpha],
      [39321, 0, 900_000, 45875, 58982, true, true],
    );
    assert.equal(hp.activityCutoff, 5000);
    assert.equal(runScenario(tiny()).mode, "yuma3");
    assert.equal(runScenario(tiny({ mode: "yuma2" })).hyperparameters.yuma3, false);
  });

  it("carries bonds and permits from epoch to epoch", () => {
    const r = runScenario(tiny({ epochs: 3 }));
    for (let e = 1; e < 3; e++) {
      const prev = r.records[e - 1]?.output;
      const rec = r.records[e];
      assert.deepEqual(rec?.input.bonds, prev?.bondsAfter.toRows());
      assert.deepEqual(rec?.input.validatorPermit, prev?.newValidatorPermit);
    }
  });

  it("runs more or fewer epochs than the scenario says; the last phase continues", () => {
    assert.equal(runScenario(tiny(), { epochs: 2 }).records.length, 2);
    const long = runScenario(tiny(), { epochs: 9 });
    assert.equal(long.records.length, 9);
    assert.deepEqual(long.records[8]?.input.weights, long.records[0]?.input.weights);
  });

  it("a null row keeps the stored weights and the old last update", () => {
    const r = runScenario(
      tiny({
        phases: [
          {
            from: 0,
            weights: [
              [1, 0],
              [0, 1],
            ],
          },
          { from: 2, weights: [null, [1, 0]] },
        ],
      }),
    );
    const rec = r.records[3];
    assert.deepEqual(rec?.submitted, [false, true]);
    assert.deepEqual(rec?.input.weights[0], [
      [2, 65535],
      [3, 0],
    ]);
    assert.equal(rec?.input.lastUpdate[0], r.records[1]?.input.lastUpdate[0]);
  });

  it("resets bonds only with bondsResetOn, and re-registration masks old bonds", () => {
    const events = [{ epoch: 2, type: "resetBonds" as const, miner: "m1" }];
    const off = runScenario(tiny({ events }));
    const on = runScenario(tiny({ events }), { hyperparameters: { bondsResetOn: true } });
    assert.deepEqual(off.records[2]?.bondsReset, []);
    assert.deepEqual(on.records[2]?.bondsReset, [2]);
    assert.ok(on.records[2]?.input.bonds.every((row) => row.every(([j]) => j !== 2)));
    const bondOnM1 = (r: SimulationResult, e: number) =>
      bondTable(r.records[e]?.output as EpochOutput, 2, 2).bond[0]?.[0];
    assert.ok((bondOnM1(on, 2) ?? 1) < (bondOnM1(off, 2) ?? 0));

    const rereg = runScenario(tiny({ events: [{ epoch: 2, type: "reregister", miner: 0 }] }));
    assert.deepEqual(rereg.records[2]?.reregistered, [2]);
    // Old bonds on the re-registered miner are masked: its bond restarts from one EMA step.
    assert.ok(Math.abs((bondOnM1(rereg, 2) ?? 0) - (bondOnM1(rereg, 0) ?? 1)) < 1e-4);
  });

  it("summarizes total dividends per validator", () => {
    const r = runScenario(builtin("kappa moves first"));
    const s = summarize(r);
    assert.equal(s.validators.length, 3);
    assert.equal(s.miners.length, 2);
    assert.ok(Math.abs(total(s.validators.map((v) => v.totalDividends)) - 40) < 1e-6);
    assert.ok(Math.abs(total(s.miners.map((m) => m.totalIncentive)) - 40) < 1e-6);
    assert.equal(JSON.parse(JSON.stringify(s)).validators[0].name, "Big vali. (0.8)");
  });
});

describe("CSV", () => {
  it("has a header and one row per uid per epoch", () => {
    const r = runScenario(builtin("16"));
    const lines = simulationToCsv(r).trimEnd().split("\n");
    const header = lines[0]?.split(",") ?? [];
    assert.deepEqual(header.slice(0, 15), [
      "epoch",
      "block",
      "uid",
      "role",
      "name",
      "stake",
      "stake_weight",
      "active",
      "validator_permit",
      "weights_set",
      "consensus",
      "incentive",
      "dividends",
      "validator_trust",
      "emission_rao",
    ]);
    assert.deepEqual(header.slice(15), [
      "weight:Server 1",
      "weight:Server 2",
      "weight:Server 3",
      "bond:Server 1",
      "bond:Server 2",
      "bond:Server 3",
      "bond_share:Server 1",
      "bond_share:Server 2",
      "bond_share:Server 3",
    ]);
    assert.equal(lines.length, 1 + 40 * 6);
    for (const line of lines) assert.equal(line.split(",").length, header.length);
    const row = lines.find((l) => l.startsWith("5,2160,1,validator,"))?.split(",") ?? [];
    assert.equal(row[4], "Small eager vali. (0.1)");
    assert.equal(row[15], "0");
    assert.equal(row[16], "0.5");
  });

  it("quotes names with commas and quotes", () => {
    const s: Scenario = {
      name: "quoting",
      epochs: 1,
      validators: [{ name: 'V, "one"', stake: 1 }],
      miners: ["m,1"],
      phases: [{ from: 0, weights: [[1]] }],
    };
    const csv = simulationToCsv(runScenario(s));
    assert.ok(csv.includes('"weight:m,1"'));
    assert.ok(csv.includes('"V, ""one"""'));
  });
});

/** Checks that every tag is closed in order (a well-formedness check without an XML parser). */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    assert.ok(!/[<>]/.test(between), `stray markup before ${m[0]}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(between), "unescaped &");
    last = tag.lastIndex;
    const [, closing, name = "", , selfClosing] = m;
    if (closing) assert.equal(stack.pop(), name, `closing ${name}`);
    else if (!selfClosing) stack.push(name);
  }
  assert.equal(body.slice(last).trim(), "");
  assert.deepEqual(stack, []);
}

describe("SVG", () => {
  it("is well-formed, 900x600, one polyline per validator and per miner, with a legend", () => {
    for (const n of ["1", "16", "23"]) {
      const r = runScenario(builtin(n));
      const svg = simulationToSvg(r);
      assertWellFormed(svg);
      assert.match(svg, /<svg [^>]*width="900" height="600"/);
      const polylines = svg.match(/<polyline /g) ?? [];
      assert.equal(polylines.length, r.participants.length);
      for (const p of r.participants)
        assert.ok(svg.includes(`>${p.name.replace(/&/g, "&amp;")}</text>`), p.name);
      for (const line of svg.match(/points="[^"]*"/g) ?? []) {
        assert.equal(line.split(" ").length, r.epochs);
      }
    }
  });

  it("escapes names and marks reset epochs", () => {
    const s: Scenario = {
      name: "<A & B>",
      epochs: 3,
      validators: [{ name: "x<y", stake: 1 }],
      miners: ["m&m"],
      phases: [{ from: 0, weights: [[1]] }],
      events: [{ epoch: 1, type: "reregister", miner: "m&m" }],
    };
    const svg = simulationToSvg(runScenario(s));
    assertWellFormed(svg);
    assert.ok(svg.includes("&lt;A &amp; B&gt;"));
    assert.match(svg, /stroke-dasharray/);
  });
});

describe("scenario validation names the field", () => {
  const good = {
    name: "ok",
    epochs: 3,
    validators: [
      { name: "v1", stake: 1 },
      { name: "v2", stake: 1 },
    ],
    miners: ["m1", "m2"],
    phases: [
      {
        from: 0,
        weights: [
          [1, 0],
          [0, 1],
        ],
      },
    ],
  };
  // biome-ignore lint/suspicious/noExplicitAny: mutating raw JSON into invalid shapes
  type Raw = any;
  const bad = (mutate: (s: Raw) => void, path: string, message: RegExp) => {
    const s: Raw = structuredClone(good);
    mutate(s);
    assert.throws(
      () => parseScenario(s),
      (err: unknown) => err instanceof ScenarioError && err.path === path && message.test(err.message),
      `${path}`,
    );
  };

  it("accepts a good scenario", () => {
    assert.equal(parseScenario(good).name, "ok");
  });
  it("rejects bad fields", () => {
    bad((s) => delete s.epochs, "epochs", /missing/);
    bad((s) => (s.epochs = 0), "epochs", /.+/);
    bad((s) => (s.validators[1].stake = -1), "validators[1].stake", /non-negative/);
    bad((s) => (s.phases[0].weights[1] = [1]), "phases[0].weights[1]", /expected 2 numbers/);
    bad((s) => (s.phases[0].weights[0][1] = "x"), "phases[0].weights[0][1]", /number/);
    bad((s) => s.phases.push({ from: 0 }), "phases[1].from", /increasing/);
    bad((s) => (s.phases[0].from = 7), "phases[0].from", /beyond/);
    bad((s) => (s.phases[0].stakes = [1]), "phases[0].stakes", /expected 2 stakes/);
    bad((s) => (s.hyperparameters = { kapa: 0.5 }), "hyperparameters", /unknown field "kapa"/);
    bad((s) => (s.hyperparameters = { kappa: 2 }), "hyperparameters.kappa", /\[0, 1\]/);
    bad((s) => (s.mode = "yuma4"), "mode", /.+/);
    bad(
      (s) => (s.events = [{ epoch: 1, type: "resetBonds", miner: "m9" }]),
      "events[0].miner",
      /no miner "m9"/,
    );
    bad((s) => (s.events = [{ epoch: 1, type: "explode", miner: "m1" }]), "events[0].type", /.+/);
    bad((s) => (s.miners[1] = "v1"), "miners[1]", /duplicate name/);
  });
});
