/**
 * The reference's `pallets/subtensor/src/tests/epoch_logs.rs`: epochs on hand-built state whose trace
 * logs the Rust tests search for printed vectors. Each printed value is compared here with the
 * matching `runEpoch` output formatted the way the reference prints I32F32 (`formatFixed`).
 *
 * Left out, with the reason:
 * - "Pruning Scores", "Trust" and "Ranks (before)": no longer computed by the epoch (yuma.md §0);
 * - "math error: ..." lines and echoes of the input (registration blocks, stake before filtering,
 *   the permit vector read): logging of the inputs, not outputs;
 * - epoch_yuma3_bonds_pipeline and epoch_original_yuma_bonds_pipeline: they only check that the
 *   branch-specific log lines are printed, which has no counterpart in a pure function's output;
 * - "ΔB (norm)": an intermediate of the legacy bond EMA that `runEpoch` does not expose.
 *
 * The Rust setup stores the deprecated ActivityCutoff (10 blocks) with tempo 10; the epoch reads the
 * per-mille factor instead (effective cutoff 138 blocks). No case here lies between the two.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  assertPrintedRows,
  assertPrintedVector,
  formatFixed,
  MockSubnet,
  U16_MAX,
} from "../testing/harness.js";

const TEMPO = 10;

interface Neuron {
  uid: number;
  hotkey: number;
  validator: boolean;
  stake: bigint;
  registration: number;
  lastUpdate: number;
}

const neuron = (
  uid: number,
  hotkey: number,
  validator: boolean,
  stake: bigint,
  registration: number,
  lastUpdate: number,
): Neuron => ({ uid, hotkey, validator, stake, registration, lastUpdate });

/** `setup_epoch`: neurons written straight into storage (permits, LastUpdate per mechanism, stake). */
function setupEpoch(neurons: readonly Neuron[], mechanisms: number, block = 1): MockSubnet {
  const net = new MockSubnet({ block, tempo: TEMPO, mechanisms });
  for (const nr of neurons) {
    const uid = net.appendNeuron(nr.stake, nr.registration, nr.hotkey);
    assert.equal(uid, nr.uid);
    net.setPermit(uid, nr.validator);
  }
  for (let m = 0; m < mechanisms; m++) {
    net.setLastUpdate(
      neurons.map((nr) => nr.lastUpdate),
      m,
    );
  }
  return net;
}

/** `set_weights` for uids 0.. with the same destination uids (commit-reveal off). */
function setWeights(
  net: MockSubnet,
  weights: ReadonlyArray<readonly number[]>,
  indices: readonly number[],
): void {
  weights.forEach((row, uid) => {
    net.setWeights(uid, indices, row);
  });
}

const EMISSION = 1_000_000_000n;
const B = 1_000_000_000n;

const twoValidators = (block: number, lastUpdate: number) =>
  setupEpoch([neuron(0, 11, true, B, 0, lastUpdate), neuron(1, 22, true, B, 0, lastUpdate)], 1, block);

/** Three validators with 1e9 each, two servers 3 and 4, all registered at 0 and updated at 1. */
const threeValidatorsTwoServers = (mechanisms = 1) =>
  setupEpoch(
    [
      neuron(0, 11, true, B, 0, 1),
      neuron(1, 22, true, B, 0, 1),
      neuron(2, 33, true, B, 0, 1),
      neuron(3, 44, false, 0n, 0, 1),
      neuron(4, 55, false, 0n, 0, 1),
    ],
    mechanisms,
  );

describe("test_simple", () => {
  it("two equal validators, no weights", () => {
    const net = setupEpoch([neuron(0, 1, true, B, 0, 1), neuron(1, 2, true, B, 0, 1)], 1);
    const out = net.runMechanism(EMISSION);
    assert.equal(out.stake.length, 2, "Number of Neurons in Network: 2");
    assert.deepEqual(out.active, [true, true], "Inactive: [false, false]");
    assertPrintedVector(out.stake, "[0.5, 0.5]", "Normalised Stake");
    assert.deepEqual(out.newValidatorPermit, [true, true], "new_validator_permits");
    assertPrintedVector(out.activeStake, "[0.5, 0.5]", "Active Stake");
    assertPrintedVector(out.consensus, "[0, 0]", "Consensus");
    assertPrintedVector(out.normalizedValidatorEmission, "[0.5, 0.5]", "Normalized Validator Emission");
    assertPrintedVector(out.normalizedCombinedEmission, "[0.5, 0.5]", "Normalized Combined Emission");
    assert.deepEqual(out.emission, [500_000_000n, 500_000_000n], "Combined Emission");
  });
});

describe("test_bad_permit_vector", () => {
  it("a permit vector shorter than n counts the missing uids as without permit", () => {
    const net = setupEpoch([neuron(0, 1, true, B, 0, 1), neuron(1, 2, true, B, 0, 1)], 1);
    net.permits = [true];
    const out = net.runMechanism(EMISSION);
    assert.deepEqual(out.validatorEmission, [1_000_000_000n, 0n], "Validator Emission");
  });
});

describe("test_inactive_mask_zeroes_active_stake", () => {
  it("both validators inactive: active stake all zero", () => {
    const out = twoValidators(1_000_000, 0).runMechanism(EMISSION);
    assert.equal(out.active.length, 2, "Number of Neurons in Network: 2");
    assert.deepEqual(out.active, [false, false], "Inactive: [true, true]");
    assertPrintedVector(out.activeStake, "[0, 0]", "Active Stake");
  });
});

describe("test_validator_permit_masks_active_stake", () => {
  it("the validator without permit loses its active stake", () => {
    const net = twoValidators(1, 1);
    net.permits = [true, false];
    const out = net.runMechanism(EMISSION);
    assertPrintedVector(out.activeStake, "[1, 0]", "Active Stake");
  });
});

describe("yuma_emergency_mode", () => {
  it("no active stake and no emission: fall back to the normalized stake", () => {
    const out = twoValidators(1_000_000, 0).runMechanism(EMISSION);
    assert.deepEqual(out.active, [false, false], "Inactive: [true, true]");
    assertPrintedVector(out.normalizedCombinedEmission, "[0.5, 0.5]", "Normalized Combined Emission");
  });
});

describe("epoch_uses_active_stake_when_nonzero_active", () => {
  it("no emission: fall back to the active stake", () => {
    const net = setupEpoch([neuron(0, 11, true, B, 0, 999), neuron(1, 22, true, B, 0, 1)], 1, 1000);
    const out = net.runMechanism(EMISSION);
    assert.deepEqual(out.active, [true, false], "Inactive: [false, true]");
    assertPrintedVector(out.activeStake, "[1, 0]", "Active Stake");
    assertPrintedVector(out.normalizedCombinedEmission, "[1, 0]", "Normalized Combined Emission");
  });
});

describe("epoch_topk_validator_permits", () => {
  it("one validator allowed: the larger stake keeps its permit", () => {
    const net = setupEpoch([neuron(0, 11, true, 2n * B, 0, 1), neuron(1, 22, true, B, 0, 1)], 1);
    net.set({ maxAllowedValidators: 1 });
    const out = net.runMechanism(EMISSION);
    assert.ok(formatFixed(out.stake[0] ?? 0).startsWith("0.666"), "Normalised Stake: [0.666");
    assert.deepEqual(out.newValidatorPermit, [true, false], "new_validator_permits");
  });
});

describe("test_validators_weight_two_distinct_servers", () => {
  it("V0 and V2 weight server 3, V1 weights server 4", () => {
    const net = threeValidatorsTwoServers();
    setWeights(
      net,
      [
        [U16_MAX, 0],
        [0, U16_MAX],
        [U16_MAX, 0],
      ],
      [3, 4],
    );
    const input = net.epochInput(EMISSION);
    assert.deepEqual(
      input.weights,
      [
        [
          [3, 65535],
          [4, 0],
        ],
        [
          [3, 0],
          [4, 65535],
        ],
        [
          [3, 65535],
          [4, 0],
        ],
        [],
        [],
      ],
      "Weights",
    );
    const out = net.runMechanism(EMISSION);
    assert.equal(out.stake.length, 5, "Number of Neurons in Network: 5");
    assertPrintedRows(
      out.weightsNormalized.toRows(),
      "[[(3, 1), (4, 0)], [(3, 0), (4, 1)], [(3, 1), (4, 0)], [], []]",
      "Weights (mask+norm)",
    );
    assertPrintedVector(out.consensus, "[0, 0, 0, 1, 0]", "Consensus");
    assertPrintedVector(out.validatorTrust, "[1, 0, 1, 0, 0]", "Validator Trust");
    assertPrintedVector(out.rank, "[0, 0, 0, 0.6666666665, 0]", "Ranks (after)");
    assertPrintedVector(out.dividends, "[0.5, 0, 0.5, 0, 0]", "Dividends");
    assertPrintedVector(
      out.normalizedCombinedEmission,
      "[0.25, 0, 0.25, 0.5, 0]",
      "Normalized Combined Emission",
    );
  });
});

describe("test_validator_splits_weight_across_two_servers", () => {
  it("V2 splits its weight between the two servers", () => {
    const net = threeValidatorsTwoServers();
    setWeights(
      net,
      [
        [U16_MAX, 0],
        [0, U16_MAX],
        [U16_MAX, U16_MAX],
      ],
      [3, 4],
    );
    const out = net.runMechanism(EMISSION);
    assertPrintedRows(
      out.weightsNormalized.toRows(),
      "[[(3, 1), (4, 0)], [(3, 0), (4, 1)], [(3, 0.5), (4, 0.5)], [], []]",
      "Weights (mask+norm)",
    );
    assertPrintedVector(out.rank, "[0, 0, 0, 0.333333333, 0.333333333]", "Ranks (after)");
    assertPrintedVector(out.dividends, "[0.25, 0.25, 0.5, 0, 0]", "Dividends");
    assertPrintedVector(
      out.normalizedCombinedEmission,
      "[0.125, 0.125, 0.25, 0.25, 0.25]",
      "Normalized Combined Emission",
    );
  });
});

describe("epoch_mechanism_reads_weights_per_mechanism", () => {
  it("two mechanisms with mirrored weights give mirrored outcomes", () => {
    const net = threeValidatorsTwoServers(2);
    net.insertWeights(0, [[3, U16_MAX]], 0);
    net.insertWeights(1, [[4, U16_MAX]], 0);
    net.insertWeights(2, [[3, U16_MAX]], 0);
    const m0 = net.runMechanism(1_000n, 0);
    net.insertWeights(0, [[4, U16_MAX]], 1);
    net.insertWeights(1, [[3, U16_MAX]], 1);
    net.insertWeights(2, [[4, U16_MAX]], 1);
    const m1 = net.runMechanism(1_000n, 1);

    for (const [label, out] of [
      ["mechanism 0", m0],
      ["mechanism 1", m1],
    ] as const) {
      assertPrintedVector(
        out.activeStake,
        "[0.3333333333, 0.3333333333, 0.3333333333, 0, 0]",
        `${label} Active Stake`,
      );
    }
    assertPrintedRows(
      m0.weightsNormalized.toRows(),
      "[[(3, 1)], [(4, 1)], [(3, 1)], [], []]",
      "m0 Weights (mask+norm)",
    );
    assertPrintedRows(
      m1.weightsNormalized.toRows(),
      "[[(4, 1)], [(3, 1)], [(4, 1)], [], []]",
      "m1 Weights (mask+norm)",
    );
    assertPrintedVector(
      m0.normalizedCombinedEmission,
      "[0.25, 0, 0.25, 0.5, 0]",
      "m0 Normalized Combined Emission",
    );
    assertPrintedVector(
      m1.normalizedCombinedEmission,
      "[0.25, 0, 0.25, 0, 0.5]",
      "m1 Normalized Combined Emission",
    );
    assert.notDeepEqual(m0.normalizedCombinedEmission, m1.normalizedCombinedEmission);
  });
});

describe("epoch_mechanism_three_mechanisms_separate_state", () => {
  it("three mechanisms, each with its own weights", () => {
    const net = setupEpoch(
      [
        neuron(0, 11, true, B, 0, 1),
        neuron(1, 22, true, B, 0, 1),
        neuron(2, 44, false, 0n, 0, 1),
        neuron(3, 55, false, 0n, 0, 1),
      ],
      3,
    );
    for (const uid of [0, 1]) {
      net.insertWeights(uid, [[2, U16_MAX]], 0);
      net.insertWeights(
        uid,
        [
          [2, U16_MAX],
          [3, U16_MAX],
        ],
        1,
      );
      net.insertWeights(uid, [[3, U16_MAX]], 2);
    }
    const [l0, l1, l2] = [0, 1, 2].map((m) => net.runMechanism(1_000n, m));
    assert.ok(l0 && l1 && l2);

    assertPrintedRows(
      l0.weightsNormalized.toRows(),
      "[[(2, 1)], [(2, 1)], [], []]",
      "m0 Weights (mask+norm)",
    );
    assertPrintedVector(
      l0.normalizedCombinedEmission,
      "[0.25, 0.25, 0.5, 0]",
      "m0 Normalized Combined Emission",
    );

    assertPrintedRows(
      l1.weightsNormalized.toRows(),
      "[[(2, 0.5), (3, 0.5)], [(2, 0.5), (3, 0.5)], [], []]",
      "m1 Weights (mask+norm)",
    );
    assertPrintedVector(
      l1.normalizedCombinedEmission,
      "[0.25, 0.25, 0.25, 0.25]",
      "m1 Normalized Combined Emission",
    );

    assertPrintedRows(
      l2.weightsNormalized.toRows(),
      "[[(3, 1)], [(3, 1)], [], []]",
      "m2 Weights (mask+norm)",
    );
    assertPrintedVector(
      l2.normalizedCombinedEmission,
      "[0.25, 0.25, 0, 0.5]",
      "m2 Normalized Combined Emission",
    );

    assert.notDeepEqual(l0.normalizedCombinedEmission, l1.normalizedCombinedEmission);
    assert.notDeepEqual(l1.normalizedCombinedEmission, l2.normalizedCombinedEmission);
    assert.notDeepEqual(l0.normalizedCombinedEmission, l2.normalizedCombinedEmission);
  });
});
