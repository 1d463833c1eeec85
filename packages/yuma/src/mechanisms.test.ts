/** Sub-subnet mechanisms: the reference's tests of `split_emissions` and `epoch_with_mechanisms`. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { runEpoch } from "./epoch.js";
import { type MechanismInput, runEpochWithMechanisms, splitEmission } from "./mechanisms.js";
import type { EpochInput, SparseRows } from "./types.js";

const U = 0xffff;

/** The reference's `mock_epoch_state`: 2 (or 3) neurons, both permitted, 1 alpha each, Yuma 3 off. */
function subnet(n: number, permits: boolean[]): EpochInput {
  return {
    n,
    currentBlock: 1,
    tempo: 1,
    activityCutoff: 65535,
    lastUpdate: Array(n).fill(2),
    blockAtRegistration: Array(n).fill(1),
    stake: Array.from({ length: n }, (_, i) => (i < 2 ? 1_000_000_000n : 0n)),
    stakeThreshold: 0n,
    ownerUid: null,
    validatorPermit: permits,
    maxAllowedValidators: 64,
    weights: [],
    bonds: [],
    kappa: 32767,
    bondsPenalty: 65535,
    bondsMovingAverage: 900_000,
    yuma3: false,
    liquidAlpha: false,
    alphaLow: 45875,
    alphaHigh: 58982,
    alphaSigmoidSteepness: 1000,
    lastMechanismStepBlock: 0,
    commitBlocks: null,
    raoEmission: 1_000_000_000n,
  };
}

const mech = (n: number, weights: SparseRows): MechanismInput => ({
  weights,
  bonds: Array.from({ length: n }, () => []),
  lastUpdate: Array(n).fill(2),
});

describe("split_emissions", () => {
  it("divides evenly", () => assert.deepEqual(splitEmission(25n, 5), [5n, 5n, 5n, 5n, 5n]));
  it("credits the rounding remainder to mechanism 0", () =>
    assert.deepEqual(splitEmission(10n, 4), [4n, 2n, 2n, 2n]));
  it("follows a u16 split", () =>
    assert.deepEqual(splitEmission(19n, 5, [3450, 6899, 10348, 17247, 27594]), [1n, 2n, 3n, 5n, 8n]));
  it("always distributes exactly the emission", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 16 }),
        (alpha, count) => {
          assert.equal(
            splitEmission(alpha, count).reduce((a, b) => a + b, 0n),
            alpha,
          );
        },
      ),
    );
  });
});

describe("epoch_with_mechanisms", () => {
  const mutual: SparseRows = [
    [
      [0, U],
      [1, U],
    ],
    [
      [0, U],
      [1, U],
    ],
  ];

  it("produces per-mechanism incentive", () => {
    const out = runEpochWithMechanisms(subnet(2, [true, true]), [mech(2, mutual), mech(2, mutual)]);
    for (const m of out.mechanisms) assert.deepEqual(m.incentiveU16, [Math.floor(U / 2), Math.floor(U / 2)]);
  });

  it("updates bonds per mechanism", () => {
    const asymmetric: SparseRows = [
      [
        [0, U],
        [1, 0],
      ],
      [
        [0, U],
        [1, U],
      ],
    ];
    const out = runEpochWithMechanisms(subnet(2, [true, true]), [mech(2, mutual), mech(2, asymmetric)]);
    assert.deepEqual(out.mechanisms[0]?.bondsAfter.toRows(), [[[1, 65535]], [[0, 65535]]]);
    assert.deepEqual(out.mechanisms[1]?.bondsAfter.toRows(), [[], [[0, 65535]]]);
  });

  it("gives incentives proportional to each mechanism's weights", () => {
    const input = subnet(3, [true, false, false]);
    const out = runEpochWithMechanisms(input, [
      mech(3, [
        [
          [1, Math.floor(U / 5) * 4],
          [2, Math.floor(U / 5)],
        ],
        [],
        [],
      ]),
      mech(3, [
        [
          [1, Math.floor(U / 5)],
          [2, Math.floor(U / 5) * 4],
        ],
        [],
        [],
      ]),
    ]);
    const near = (a: number | undefined, b: number) =>
      assert.ok(Math.abs((a ?? -9) - b) <= 1, `${a} vs ${b}`);
    near(out.mechanisms[0]?.incentiveU16[1], Math.floor(U / 5) * 4);
    near(out.mechanisms[0]?.incentiveU16[2], Math.floor(U / 5));
    near(out.mechanisms[1]?.incentiveU16[1], Math.floor(U / 5));
    near(out.mechanisms[1]?.incentiveU16[2], Math.floor(U / 5) * 4);
  });

  it("persists and aggregates all terms (25% / 75% split)", () => {
    const input = subnet(3, [true, false, false]);
    const split0 = Math.floor(65535 / 4);
    const split = [split0, 65535 - split0];
    const mechs = [
      mech(3, [
        [
          [1, Math.floor(U / 5) * 3],
          [2, Math.floor(U / 5) * 2],
        ],
        [],
        [],
      ]),
      mech(3, [
        [
          [1, Math.floor(U / 5)],
          [2, Math.floor(U / 5) * 4],
        ],
        [],
        [],
      ]),
    ];
    const shares = splitEmission(input.raoEmission, 2, split);
    const w = shares.map((s) => Number(s) / Number(input.raoEmission));
    assert.ok(Math.abs((w[0] ?? 0) - 0.25) < 1e-4 && Math.abs((w[1] ?? 0) - 0.75) < 1e-4);
    const agg = runEpochWithMechanisms(input, mechs, split);
    const o0 = runEpoch({ ...input, ...mechs[0], raoEmission: shares[0] ?? 0n });
    const o1 = runEpoch({ ...input, ...mechs[1], raoEmission: shares[1] ?? 0n });
    const w0 = w[0] ?? 0;
    const w1 = w[1] ?? 0;
    for (let uid = 0; uid < 3; uid++) {
      const near = (got: number | bigint | undefined, want: number, what: string) =>
        assert.ok(Math.abs(Number(got) - want) <= 1, `${what}[${uid}]: ${got} vs ${want}`);
      near(
        agg.serverEmission[uid],
        Number((o0.serverEmission[uid] ?? 0n) + (o1.serverEmission[uid] ?? 0n)),
        "server",
      );
      near(
        agg.validatorEmission[uid],
        Number((o0.validatorEmission[uid] ?? 0n) + (o1.validatorEmission[uid] ?? 0n)),
        "validator",
      );
      assert.equal(agg.active[uid], (o0.active[uid] ?? false) || (o1.active[uid] ?? false));
      assert.equal(
        agg.newValidatorPermit[uid],
        (o0.newValidatorPermit[uid] ?? false) || (o1.newValidatorPermit[uid] ?? false),
      );
      near(
        agg.emission[uid],
        Math.floor(Number(o0.emission[uid]) * w0 + Number(o1.emission[uid]) * w1),
        "emission",
      );
      near(
        agg.consensusU16[uid],
        Math.floor((o0.consensusU16[uid] ?? 0) * w0 + (o1.consensusU16[uid] ?? 0) * w1),
        "consensus",
      );
      near(
        agg.dividendsU16[uid],
        Math.floor((o0.dividendsU16[uid] ?? 0) * w0 + (o1.dividendsU16[uid] ?? 0) * w1),
        "dividends",
      );
      near(
        agg.validatorTrustU16[uid],
        Math.floor((o0.validatorTrustU16[uid] ?? 0) * w0 + (o1.validatorTrustU16[uid] ?? 0) * w1),
        "vtrust",
      );
    }
    assert.deepEqual(agg.mechanisms[0]?.incentiveU16, o0.incentiveU16);
    assert.deepEqual(agg.mechanisms[1]?.bondsAfter.toRows(), o1.bondsAfter.toRows());
  });

  it("with one mechanism equals the plain epoch", () => {
    const input = { ...subnet(2, [true, true]), weights: mutual, bonds: [[], []] };
    const agg = runEpochWithMechanisms(input, [mech(2, mutual)]);
    const plain = runEpoch(input);
    assert.deepEqual(agg.emission, plain.emission);
    assert.deepEqual(agg.dividendsU16, plain.dividendsU16);
    assert.deepEqual(agg.consensusU16, plain.consensusU16);
  });
});
