/**
 * Weights: ports of the reference's `tests/weights.rs` (set_weights checks in order, max-upscaling,
 * hash commit-reveal timing) with its figures. Epochs are advanced by writing SubnetEpochIndex on a
 * subnet whose tempo is far away, as the reference's tests pin the scheduler.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { cryptoReady } from "../crypto.js";
import { increaseStake } from "../stake.js";
import {
  Account,
  CommitRevealWeightsEnabled,
  LastUpdate,
  MechanismCountCurrent,
  MinAllowedWeights,
  RevealPeriodEpochs,
  StakeThreshold,
  SubnetEpochIndex,
  TaoWeight,
  TotalIssuance,
  ValidatorPermit,
  WeightCommits,
  Weights,
  WeightsSetRateLimit,
  WeightsVersionKey,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import { setupSubnetForTest, type TestSubnetOptions } from "../testing/subnet.js";
import {
  commitHash,
  currentEpochIndex,
  MAX_UNREVEALED_COMMITS,
  maxUpscaleU16,
  stakeWeightI64F64,
} from "./weights.js";

const NET = 2;
const ALICE = "//Alice";
const hot = (i: number) => `//Alice/v${i}`;

function fund(c: TestChain, uri: string, free: bigint): void {
  const who = c.addr(uri);
  const acc = Account.get(c.state, who);
  TotalIssuance.update(c.state, (v) => v - acc.free + free);
  Account.set(c.state, who, { nonce: acc.nonce, free });
}

const OWNER_HOTKEY = "//Alice/owner";

/**
 * A subnet with `n` neurons //Alice/v0..v{n-1} registered by burn in block 1, all with a permit. With
 * `withOwner`, //Alice owns the subnet and //Alice/owner is uid 0 (the others follow).
 */
async function subnetWith(n: number, options: TestSubnetOptions = {}, withOwner = false): Promise<TestChain> {
  const c = await TestChain.create();
  if (withOwner) {
    setupSubnetForTest(c.state, NET, { owner: { coldkey: c.addr(ALICE), hotkey: c.addr(OWNER_HOTKEY) } });
    fund(c, OWNER_HOTKEY, TAO);
  }
  setupSubnetForTest(c.state, NET, {
    burn: 1_000n,
    minBurn: 0n,
    weightsSetRateLimit: 0,
    tempo: 10_000,
    ...options,
  });
  const txs = Array.from({ length: n }, (_, i) =>
    c.tx(ALICE, "subtensor", "burned_register", { netuid: NET, hotkey: c.addr(hot(i)) }),
  );
  c.expectOk(c.block(...txs));
  for (let i = 0; i < n; i++) fund(c, hot(i), TAO);
  ValidatorPermit.set(
    c.state,
    NET,
    Array.from({ length: n + (withOwner ? 1 : 0) }, () => true),
  );
  return c;
}

const setWeights = (
  c: TestChain,
  i: number,
  dests: number[],
  weights: number[],
  extra: Record<string, unknown> = {},
) => c.tx(hot(i), "subtensor", "set_weights", { netuid: NET, dests, weights, version_key: 0, ...extra });

describe("weights: vec_u16_max_upscale_to_u16", () => {
  const file = new URL("../../../yuma/vectors/math_primitives.json", import.meta.url);
  const math = JSON.parse(readFileSync(file, "utf8")) as {
    cases: Array<{ id: string; items: Array<{ input_u16: number[]; expected: number[] }> }>;
  };
  const upscale = math.cases.find((c) => c.id === "vec_u16_max_upscale_to_u16");

  it("has the vector case", () => assert.ok(upscale && upscale.items.length >= 8));
  for (const [k, item] of (upscale?.items ?? []).entries()) {
    it(`item ${k}: [${item.input_u16.join(", ")}]`, () => {
      assert.deepEqual(maxUpscaleU16(item.input_u16), item.expected);
    });
  }
  it("keeps stored values and the empty vector", () => {
    assert.deepEqual(maxUpscaleU16([1, 2, 3]), [21_845, 43_690, 65_535]);
    assert.deepEqual(maxUpscaleU16([32_767, 0, 32_767]), [65_535, 0, 65_535]);
    assert.deepEqual(maxUpscaleU16([]), []);
  });
});

describe("weights: set_weights (weights.rs)", () => {
  before(cryptoReady);

  it("test_set_weights: stores the max-upscaled sparse row, LastUpdate = now, WeightsSet, no fee", async () => {
    const c = await subnetWith(3);
    const r = c.expectOk(c.block(setWeights(c, 0, [0, 1, 2], [1, 2, 3])));
    assert.equal(r.receipts[0]?.fee, 0n);
    assert.deepEqual(Weights.get(c.state, NET, 0), [
      [0, 21_845],
      [1, 43_690],
      [2, 65_535],
    ]);
    assert.equal(LastUpdate.get(c.state, NET)[0], c.number);
    assert.deepEqual(r.receipts[0]?.events, [
      { pallet: "SubtensorModule", name: "WeightsSet", data: { netuidIndex: NET, uid: 0 } },
    ]);
  });

  it("test_commit_reveal_enabled_error: set_weights is refused while commit-reveal is on", async () => {
    const c = await subnetWith(1, { commitRevealEnabled: true });
    c.expectError(c.block(setWeights(c, 0, [0], [1])), "CommitRevealEnabled");
  });

  it("test_set_weights_is_root_error: CanNotSetRootNetworkWeights", async () => {
    const c = await subnetWith(1);
    CommitRevealWeightsEnabled.set(c.state, 0, false);
    c.expectError(c.block(setWeights(c, 0, [0], [1], { netuid: 0 })), "CanNotSetRootNetworkWeights");
  });

  it("test_weights_err_weights_vec_not_equal_size", async () => {
    const c = await subnetWith(2);
    c.expectError(c.block(setWeights(c, 0, [0, 1], [1])), "WeightVecNotEqualSize");
  });

  it("set_mechanism_weights on a mechanism that does not exist: MechanismDoesNotExist", async () => {
    const c = await subnetWith(1);
    const tx = c.tx(hot(0), "subtensor", "set_mechanism_weights", {
      netuid: NET,
      mecid: 1,
      dests: [0],
      weights: [1],
      version_key: 0,
    });
    c.expectError(c.block(tx), "MechanismDoesNotExist");
  });

  it("test_set_weights_err_invalid_uid / UidsLengthExceedUidsInSubNet", async () => {
    const c = await subnetWith(3);
    c.expectError(c.block(setWeights(c, 0, [0, 1, 2, 3], [1, 1, 1, 1])), "UidsLengthExceedUidsInSubNet");
    c.expectError(c.block(setWeights(c, 0, [0, 9], [1, 1])), "UidVecContainInvalidOne");
  });

  it("test_set_weights_err_not_active: an unregistered hotkey gets HotKeyNotRegisteredInSubNet", async () => {
    const c = await subnetWith(2);
    fund(c, "//Bob/h", TAO);
    const tx = c.tx("//Bob/h", "subtensor", "set_weights", {
      netuid: NET,
      dests: [0],
      weights: [1],
      version_key: 0,
    });
    c.expectError(c.block(tx), "HotKeyNotRegisteredInSubNet");
  });

  it("test_set_weights_min_stake_failed: stake weight = alpha + TaoWeight · root stake, the owner exempt", async () => {
    const c = await subnetWith(1, {}, true);
    const s = c.state;
    const h = c.addr(hot(0));
    StakeThreshold.set(s, 1_000n);
    increaseStake(s, h, c.addr(ALICE), NET, 900n);
    increaseStake(s, h, c.addr(ALICE), 0, 1_800n);
    // TaoWeight ≈ 0.0527: 900 + 1800 · 0.0527 ≈ 994.8 < 1000
    const weight = stakeWeightI64F64(s, h, NET);
    assert.equal(weight >> 64n, 994n);
    c.expectError(c.block(setWeights(c, 0, [1], [1])), "NotEnoughStakeToSetWeights");
    increaseStake(c.state, h, c.addr(ALICE), 0, 200n);
    // 900 + 2000 · 0.0527 ≈ 1005.4
    assert.equal(stakeWeightI64F64(c.state, h, NET) >> 64n, 1_005n);
    c.expectOk(c.block(setWeights(c, 0, [1], [1])));
    // The owner's hotkey sets weights with no stake at all.
    const owner = c.tx(OWNER_HOTKEY, "subtensor", "set_weights", {
      netuid: NET,
      dests: [0, 1],
      weights: [1, 1],
      version_key: 0,
    });
    c.expectOk(c.block(owner));
  });

  it("stakeWeightI64F64 converts TaoWeight as the reference: U96F32(w / u64::MAX) widened to I64F64", async () => {
    const c = await subnetWith(1);
    const h = c.addr(hot(0));
    TaoWeight.set(c.state, (1n << 64n) - 1n); // 1.0
    increaseStake(c.state, h, c.addr(ALICE), 0, 3n);
    increaseStake(c.state, h, c.addr(ALICE), NET, 2n);
    assert.equal(stakeWeightI64F64(c.state, h, NET), 5n << 64n);
    TaoWeight.set(c.state, 1n << 63n); // ½ (U96F32 of 2^63 / (2^64 − 1) truncates just above ½)
    const q32 = ((1n << 63n) << 32n) / ((1n << 64n) - 1n);
    assert.equal(stakeWeightI64F64(c.state, h, NET), (2n << 64n) + ((3n * q32) << 32n));
  });

  it("test_weights_version_key: the network key 0 accepts anything, else version_key ≥ network key", async () => {
    const c = await subnetWith(2);
    c.expectOk(c.block(setWeights(c, 0, [1], [1], { version_key: 0 })));
    WeightsVersionKey.set(c.state, NET, 10n);
    c.expectError(c.block(setWeights(c, 0, [1], [1], { version_key: 9 })), "IncorrectWeightVersionKey");
    c.expectOk(c.block(setWeights(c, 0, [1], [1], { version_key: 10 })));
    c.expectOk(c.block(setWeights(c, 0, [1], [1], { version_key: "11" })));
  });

  it("test_set_weights_rate_limit: registration counts as the last update; now − LastUpdate ≥ WeightsSetRateLimit", async () => {
    const c = await subnetWith(2, { weightsSetRateLimit: 5 });
    // registered in block 1
    c.expectError(c.block(setWeights(c, 0, [1], [1])), "SettingWeightsTooFast"); // block 2
    c.advance(3); // blocks 3..5
    c.expectOk(c.block(setWeights(c, 0, [1], [1]))); // block 6: 6 − 1 = 5
    c.expectError(c.block(setWeights(c, 0, [1], [1])), "SettingWeightsTooFast");
    WeightsSetRateLimit.set(c.state, NET, 0);
    c.expectOk(c.block(setWeights(c, 0, [1], [1])));
  });

  it("test_set_weights_err_no_validator: NeuronNoValidatorPermit unless a single self-weight or the owner", async () => {
    const c = await subnetWith(2, {}, true);
    ValidatorPermit.set(c.state, NET, [false, false, false]);
    c.expectError(c.block(setWeights(c, 0, [1, 2], [1, 1])), "NeuronNoValidatorPermit");
    c.expectError(c.block(setWeights(c, 0, [2], [1])), "NeuronNoValidatorPermit");
    c.expectOk(c.block(setWeights(c, 0, [1], [7]))); // a self-weight
    const owner = c.tx(OWNER_HOTKEY, "subtensor", "set_weights", {
      netuid: NET,
      dests: [1, 2],
      weights: [1, 1],
      version_key: 0,
    });
    c.expectOk(c.block(owner));
    ValidatorPermit.set(c.state, NET, [false, true, false]);
    c.expectOk(c.block(setWeights(c, 0, [1, 2], [1, 1])));
  });

  it("test_set_weights_err_has_duplicates: DuplicateUids", async () => {
    const c = await subnetWith(3);
    c.expectError(c.block(setWeights(c, 0, [1, 1, 2], [1, 1, 1])), "DuplicateUids");
  });

  it("test_set_weight_not_enough_values / min(MinAllowedWeights, n): WeightVecLengthIsLow, a self-weight exempt", async () => {
    const c = await subnetWith(4);
    MinAllowedWeights.set(c.state, NET, 3);
    c.expectError(c.block(setWeights(c, 0, [1, 2], [1, 1])), "WeightVecLengthIsLow");
    c.expectOk(c.block(setWeights(c, 0, [0], [1]))); // a single self-weight
    c.expectOk(c.block(setWeights(c, 0, [1, 2, 3], [1, 1, 1])));
    MinAllowedWeights.set(c.state, NET, 10);
    c.expectError(c.block(setWeights(c, 0, [1, 2, 3], [1, 1, 1])), "WeightVecLengthIsLow");
    c.expectOk(c.block(setWeights(c, 0, [0, 1, 2, 3], [1, 1, 1, 1]))); // min(10, n = 4)
  });

  it("set_mechanism_weights stores under netuid + mecid · 4096 with its own LastUpdate", async () => {
    const c = await subnetWith(2);
    MechanismCountCurrent.set(c.state, NET, 2);
    const tx = c.tx(hot(0), "subtensor", "set_mechanism_weights", {
      netuid: NET,
      mecid: 1,
      dests: [0, 1],
      weights: [65_535, 0],
      version_key: 0,
    });
    const r = c.expectOk(c.block(tx));
    assert.deepEqual(Weights.get(c.state, NET + 4096, 0), [
      [0, 65_535],
      [1, 0],
    ]);
    assert.deepEqual(Weights.get(c.state, NET, 0), []);
    assert.equal(LastUpdate.get(c.state, NET + 4096)[0], c.number);
    assert.equal(r.receipts[0]?.events[0]?.data.netuidIndex, NET + 4096);
  });
});

describe("weights: hash commit-reveal (weights.rs)", () => {
  before(cryptoReady);

  const salt = (k: number) => Array.from({ length: 8 }, () => k);
  const uids = [0, 1];
  const values = [10, 10];

  async function crSubnet(revealPeriod = 1) {
    const c = await subnetWith(2, { commitRevealEnabled: true, revealPeriodEpochs: revealPeriod });
    return c;
  }
  const hashOf = (c: TestChain, k: number, netuidIndex = NET) =>
    commitHash(c.addr(hot(0)), netuidIndex, uids, values, salt(k), 0n);
  const commit = (c: TestChain, hash: string) =>
    c.tx(hot(0), "subtensor", "commit_weights", { netuid: NET, commit_hash: hash });
  const reveal = (c: TestChain, k: number) =>
    c.tx(hot(0), "subtensor", "reveal_weights", { netuid: NET, uids, values, salt: salt(k), version_key: 0 });
  const setEpoch = (c: TestChain, e: number) => SubnetEpochIndex.set(c.state, NET, e);

  it("commitHash: blake2b-256 of the canonical encoding, bound to hotkey, mechanism index and every input", async () => {
    await cryptoReady();
    const h = commitHash("hk", 2, [0, 1], [10, 10], [1], 0n);
    assert.match(h, /^0x[0-9a-f]{64}$/);
    assert.equal(commitHash("hk", 2, [0, 1], [10, 10], [1], 0n), h);
    assert.notEqual(commitHash("hk", 2 + 4096, [0, 1], [10, 10], [1], 0n), h);
    assert.notEqual(commitHash("hk2", 2, [0, 1], [10, 10], [1], 0n), h);
    assert.notEqual(commitHash("hk", 2, [0, 1], [10, 10], [2], 0n), h);
    assert.notEqual(commitHash("hk", 2, [0, 1], [10, 10], [1], 1n), h);
  });

  it("test_commit_reveal_weights_ok: commit, RevealTooEarly in the commit epoch, reveal in the next; LastUpdate at commit", async () => {
    const c = await crSubnet();
    const hash = hashOf(c, 42);
    const r = c.expectOk(c.block(commit(c, hash)));
    assert.deepEqual(r.receipts[0]?.events[0], {
      pallet: "SubtensorModule",
      name: "WeightsCommitted",
      data: { hotkey: c.addr(hot(0)), netuidIndex: NET, hash },
    });
    assert.deepEqual(WeightCommits.get(c.state, NET, c.addr(hot(0))), [
      { hash, commitBlock: c.number, commitEpoch: 0 },
    ]);
    assert.equal(LastUpdate.get(c.state, NET)[0], c.number);
    assert.equal(Weights.get(c.state, NET, 0).length, 0);
    c.expectError(c.block(reveal(c, 42)), "RevealTooEarly");
    setEpoch(c, 1);
    const r2 = c.expectOk(c.block(reveal(c, 42)));
    assert.deepEqual(
      r2.receipts[0]?.events.map((e) => e.name),
      ["WeightsSet", "WeightsRevealed"],
    );
    assert.deepEqual(Weights.get(c.state, NET, 0), [
      [0, 65_535],
      [1, 65_535],
    ]);
    assert.equal(WeightCommits.has(c.state, NET, c.addr(hot(0))), false, "the emptied queue is removed");
    c.expectError(c.block(reveal(c, 42)), "NoWeightsCommitFound");
  });

  it("CommitRevealDisabled for commit and reveal when commit-reveal is off; InvalidRevealCommitHashNotMatch", async () => {
    const c = await subnetWith(2);
    c.expectError(c.block(commit(c, hashOf(c, 1))), "CommitRevealDisabled");
    c.expectError(c.block(reveal(c, 1)), "CommitRevealDisabled");
    CommitRevealWeightsEnabled.set(c.state, NET, true);
    c.expectOk(c.block(commit(c, hashOf(c, 1))));
    setEpoch(c, 1);
    c.expectError(c.block(reveal(c, 2)), "InvalidRevealCommitHashNotMatch");
    const wrongMechanism = commitHash(c.addr(hot(0)), NET + 4096, uids, values, salt(3), 0n);
    c.expectOk(c.block(commit(c, wrongMechanism)));
    setEpoch(c, 2);
    c.expectError(c.block(reveal(c, 3)), "InvalidRevealCommitHashNotMatch");
  });

  it("test_commit_weights_rate_limit: CommittingWeightsTooFast", async () => {
    const c = await crSubnet();
    WeightsSetRateLimit.set(c.state, NET, 5);
    c.advance(4); // registered in block 1
    c.expectOk(c.block(commit(c, hashOf(c, 1)))); // block 6
    c.expectError(c.block(commit(c, hashOf(c, 2))), "CommittingWeightsTooFast");
    c.advance(3);
    c.expectOk(c.block(commit(c, hashOf(c, 2)))); // block 11
  });

  it("test_expired_commits_handling_in_commit_and_reveal", async () => {
    const c = await crSubnet();
    // 1. five commits in epoch 0
    c.expectOk(c.block(...[0, 1, 2, 3, 4].map((k) => commit(c, hashOf(c, k)))));
    // 2. five more in epoch 1
    setEpoch(c, 1);
    c.expectOk(c.block(...[5, 6, 7, 8, 9].map((k) => commit(c, hashOf(c, k)))));
    // 3. an 11th: TooManyUnrevealedCommits
    c.expectError(c.block(commit(c, hashOf(c, 11))), "TooManyUnrevealedCommits");
    // 4-5. epoch 2 expires the epoch-0 commits: the commit succeeds
    setEpoch(c, 2);
    c.expectOk(c.block(commit(c, hashOf(c, 11))));
    // 6. five from epoch 1 + the new one
    assert.equal(WeightCommits.get(c.state, NET, c.addr(hot(0))).length, 6);
    // 7. an expired (already dropped) commit no longer matches
    c.expectError(c.block(reveal(c, 0)), "InvalidRevealCommitHashNotMatch");
    // 8. reveal the epoch-1 commits in epoch 2
    for (const k of [5, 6, 7, 8, 9]) c.expectOk(c.block(reveal(c, k)));
    // 9-10. epoch 3: reveal the epoch-2 commit; the queue is empty
    setEpoch(c, 3);
    c.expectOk(c.block(reveal(c, 11)));
    assert.equal(WeightCommits.has(c.state, NET, c.addr(hot(0))), false);
    // 11. again: NoWeightsCommitFound
    c.expectError(c.block(reveal(c, 11)), "NoWeightsCommitFound");
    // 12. commit again and reveal in the next epoch
    c.expectOk(c.block(commit(c, hashOf(c, 12))));
    setEpoch(c, 4);
    c.expectOk(c.block(reveal(c, 12)));
    assert.equal(MAX_UNREVEALED_COMMITS, 10);
  });

  it("test_reveal_at_exact_epoch: reveal periods 1, 2, 7, 40, 86, 100; ExpiredWeightCommit after the window", async () => {
    const c = await crSubnet();
    let epoch = 0;
    for (const period of [1, 2, 7, 40, 86, 100]) {
      RevealPeriodEpochs.set(c.state, NET, period);
      c.expectOk(c.block(commit(c, hashOf(c, 42))));
      const commitEpoch = epoch;
      epoch = commitEpoch + period - 1;
      setEpoch(c, epoch);
      c.expectError(c.block(reveal(c, 42)), "RevealTooEarly");
      epoch = commitEpoch + period;
      setEpoch(c, epoch);
      c.expectOk(c.block(reveal(c, 42)));
      c.expectError(c.block(reveal(c, 42)), "NoWeightsCommitFound");
      c.expectOk(c.block(commit(c, hashOf(c, 43))));
      epoch += period + 1;
      setEpoch(c, epoch);
      c.expectError(c.block(reveal(c, 43)), "ExpiredWeightCommit");
      WeightCommits.remove(c.state, NET, c.addr(hot(0)));
    }
  });

  it("revealing a later commit drops the earlier ones still queued", async () => {
    const c = await crSubnet();
    c.expectOk(c.block(commit(c, hashOf(c, 1)), commit(c, hashOf(c, 2)), commit(c, hashOf(c, 3))));
    setEpoch(c, 1);
    c.expectOk(c.block(reveal(c, 2)));
    assert.deepEqual(
      WeightCommits.get(c.state, NET, c.addr(hot(0))).map((x) => x.hash),
      [hashOf(c, 3)],
    );
    c.expectError(c.block(reveal(c, 1)), "InvalidRevealCommitHashNotMatch");
  });

  it("the commit epoch looks one ahead when the subnet's epoch is due in the block", async () => {
    const c = await crSubnet();
    assert.equal(currentEpochIndex(c.state, NET, c.number + 1), 0);
    assert.equal(currentEpochIndex(c.state, NET, 10_000), 1, "tempo 10 000 since LastEpochBlock 0");
  });
});

describe("weights: properties", () => {
  it("max-upscaling keeps zeros, order and ratios (within rounding), and makes the largest 65535", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 65_535 }), { minLength: 1, maxLength: 64 }),
        (values) => {
          const out = maxUpscaleU16(values);
          const max = Math.max(...values);
          assert.equal(out.length, values.length);
          if (max === 0) return assert.ok(out.every((v) => v === 0));
          assert.equal(out[values.indexOf(max)], 65_535);
          for (let i = 0; i < values.length; i++) {
            const v = values[i] as number;
            const o = out[i] as number;
            assert.equal(o === 0, v === 0);
            assert.ok(Math.abs(o - (v * 65_535) / max) <= 1, `${v} → ${o}`);
            for (let j = 0; j < values.length; j++)
              if (v < (values[j] as number)) assert.ok(o <= (out[j] as number));
          }
        },
      ),
    );
  });
});
