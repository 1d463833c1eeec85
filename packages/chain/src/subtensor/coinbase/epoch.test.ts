/**
 * The epoch as the chain runs it: the EpochInput read from state (stake with TaoWeight · root stake,
 * activity cutoff from the factor, owner uid, commit blocks, mechanism storage indices) and the outputs
 * persisted per subnet and per mechanism.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { State } from "../../state/state.js";
import {
  ActivityCutoffFactorMilli,
  Bonds,
  CommitRevealWeightsEnabled,
  Incentive,
  LastMechansimStepBlock,
  MechanismCountCurrent,
  MechanismEmissionSplit,
  RevealPeriodEpochs,
  StakeWeight,
  SubnetEpochIndex,
  TaoWeight,
  ValidatorPermit,
  WeightCommits,
} from "../../storage.js";
import { addSubnet, creditAlpha, registerNeuron, setWeightsRow } from "../../testing/coinbase-fixtures.js";
import { activityCutoffBlocks, epochInput, runSubnetEpoch } from "./epoch.js";
import { U64_MAX } from "./fixed.js";

function subnet(): State {
  const s = State.empty();
  addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 360, block: 0 });
  registerNeuron(s, 1, "val", "vck", 0);
  registerNeuron(s, 1, "miner", "mck", 0);
  return s;
}

describe("epoch input and outputs", () => {
  it("stake = alpha + TaoWeight · root stake, exactly as I64F64 bits when it has a fraction", () => {
    const s = subnet();
    TaoWeight.set(s, U64_MAX / 3n);
    creditAlpha(s, "val", "vck", 1, 1_000n);
    creditAlpha(s, "val", "vck", 0, 10n);
    const { input } = epochInput(s, 1, 100, 0n);
    const w = ((U64_MAX / 3n) << 32n) / U64_MAX;
    assert.deepEqual(input.stakeI64F64, [0n, (1_000n << 64n) + ((10n * w) << 32n), 0n]);
    assert.deepEqual(input.stake, [0n, 1_003n, 0n]);
    TaoWeight.set(s, 0n);
    assert.equal(epochInput(s, 1, 100, 0n).input.stakeI64F64, undefined);
  });

  it("activity cutoff = max(floor(factor · tempo / 1000), 1); owner uid; last mechanism step", () => {
    const s = subnet();
    assert.equal(activityCutoffBlocks(s, 1), 5_000);
    ActivityCutoffFactorMilli.set(s, 1, 1);
    assert.equal(activityCutoffBlocks(s, 1), 1);
    LastMechansimStepBlock.set(s, 1, 77);
    const { input } = epochInput(s, 1, 100, 5n);
    assert.equal(input.ownerUid, 0);
    assert.equal(input.lastMechanismStepBlock, 77);
    assert.equal(input.raoEmission, 5n);
    assert.equal(input.n, 3);
  });

  it("commit blocks: the earliest unexpired commit per uid, only with commit-reveal on", () => {
    const s = subnet();
    assert.equal(epochInput(s, 1, 100, 0n).input.commitBlocks, null);
    CommitRevealWeightsEnabled.set(s, 1, true);
    RevealPeriodEpochs.set(s, 1, 1);
    SubnetEpochIndex.set(s, 1, 5);
    WeightCommits.set(s, 1, "val", [
      { hash: "0x1", commitBlock: 10, commitEpoch: 3 }, // expired: 5 > 3 + 1
      { hash: "0x2", commitBlock: 20, commitEpoch: 4 },
      { hash: "0x3", commitBlock: 30, commitEpoch: 5 },
    ]);
    WeightCommits.set(s, 1, "miner", [{ hash: "0x4", commitBlock: 40, commitEpoch: 5 }]);
    assert.deepEqual(epochInput(s, 1, 100, 0n).input.commitBlocks, [null, 20, 40]);
  });

  it("two mechanisms: each reads and writes its own index (netuid + mecid · 4096), emission split", () => {
    const s = subnet();
    creditAlpha(s, "val", "vck", 1, 1_000_000_000n);
    ValidatorPermit.set(s, 1, [false, true, false]);
    MechanismCountCurrent.set(s, 1, 2);
    MechanismEmissionSplit.set(s, 1, [16_384, 49_151]);
    setWeightsRow(s, 1, 1, [[2, 65535]], 50); // mechanism 0: the validator weights the miner
    setWeightsRow(s, 1, 1, [[0, 65535]], 50, 1); // mechanism 1: the validator weights the owner
    const { output } = runSubnetEpoch(s, 1, 100, 1_000_000n);
    assert.deepEqual(output.mechanismEmission, [
      (1_000_000n * 16_384n) / 65535n + 1n,
      (1_000_000n * 49_151n) / 65535n,
    ]);
    assert.equal(Incentive.get(s, 1)[2], 65535);
    assert.equal(Incentive.get(s, 1 + 4096)[0], 65535);
    assert.deepEqual(
      Bonds.get(s, 1, 1).map(([j]) => j),
      [2],
    );
    assert.deepEqual(
      Bonds.get(s, 1 + 4096, 1).map(([j]) => j),
      [0],
    );
    assert.deepEqual(ValidatorPermit.get(s, 1), [true, true, false]);
    // per-subnet terms are the mechanisms' u16 terms weighted by emission share, each step floored
    assert.equal(StakeWeight.get(s, 1)[1], 65534);
  });

  it("an empty bonds row removes the stored row", () => {
    const s = subnet();
    Bonds.set(s, 1, 2, [[1, 100]]); // the miner (no permit) had a row
    runSubnetEpoch(s, 1, 100, 0n);
    assert.equal(Bonds.has(s, 1, 2), false);
  });
});
