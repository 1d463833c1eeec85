/**
 * Ports of the reference's `tests/coinbase/drain_emission.rs` and `distribute_emission.rs` (the
 * childkey cases become a test of the childkey hook), plus the newest distribution rules: miner
 * incentive of owner hotkeys withheld (MinerBurned, Burn vs Recycle), delegate take, root claimable.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { createOrVerifyHotkey } from "../../hotkeys.js";
import { stakeOf } from "../../stake.js";
import { State } from "../../state/state.js";
import {
  Delegates,
  Dividends,
  Incentive,
  MinerBurned,
  RecycleOrBurn,
  SubnetAlphaOut,
  SubnetOwnerCut,
  TaoWeight,
  TotalHotkeyAlpha,
  ValidatorPermit,
} from "../../storage.js";
import {
  addSubnet,
  blockContext,
  creditAlpha,
  registerNeuron,
  setWeightsRow,
} from "../../testing/coinbase-fixtures.js";
import { distributeEmission, setDividendDistribution } from "./distribute.js";
import { ONE32, U64_MAX } from "./fixed.js";
import { RootAlphaDividendsPerSubnet, RootClaimable } from "./storage.js";

const near = (actual: bigint, expected: bigint, eps: bigint, what = "") =>
  assert.ok(
    actual - expected <= eps && expected - actual <= eps,
    `${what}: ${actual} not within ${eps} of ${expected}`,
  );

const ctx = (s: State, block = 10) => blockContext(s, block);
const distribute = (s: State, server: bigint, validator: bigint, root = 0n, ownerCut = 0n, netuid = 1) =>
  distributeEmission(ctx(s), netuid, server, validator, root, ownerCut);

/** `add_network(netuid, 1, 0)`: a subnet without neurons (the owner is not registered). */
function emptySubnet(s: State, netuid = 1): void {
  addSubnet(s, { netuid, ownerColdkey: "owner-ck", ownerHotkey: "owner-hk", tempo: 1, ownerNeuron: false });
  SubnetOwnerCut.set(s, 0);
  TaoWeight.set(s, 0n);
}

const PENDING = 1_000_000_000n;

describe("drain emission (tests/coinbase/drain_emission.rs)", () => {
  afterEach(() => setDividendDistribution(undefined));

  it("test_drain_base / test_drain_base_with_subnet: nothing to pay, nothing breaks", () => {
    const s = State.empty();
    emptySubnet(s);
    const r = distribute(s, 0n, 0n);
    assert.equal(r.raoEmission, 0n);
  });

  it("test_drain_base_with_subnet_with_single_staker_not_registered: stake unchanged", () => {
    const s = State.empty();
    emptySubnet(s);
    creditAlpha(s, "hk1", "ck", 1, 1_000_000_000n);
    distribute(s, PENDING / 2n, PENDING / 2n);
    assert.equal(stakeOf(s, "hk1", "ck", 1), 1_000_000_000n);
  });

  it("test_drain_base_with_subnet_with_single_staker_registered: gets all the emission", () => {
    const s = State.empty();
    emptySubnet(s);
    registerNeuron(s, 1, "hk1", "ck", 0);
    creditAlpha(s, "hk1", "ck", 1, 1_000_000_000n);
    distribute(s, PENDING / 2n, PENDING / 2n);
    near(stakeOf(s, "hk1", "ck", 1), 1_000_000_000n + PENDING, 10n, "stake");
  });

  it("test_drain_base_with_subnet_with_single_staker_registered_root_weight: root alpha becomes claimable", () => {
    const s = State.empty();
    emptySubnet(s);
    registerNeuron(s, 1, "hk1", "ck", 0);
    Delegates.set(s, "hk1", 0);
    TaoWeight.set(s, U64_MAX);
    creditAlpha(s, "hk1", "ck", 0, 1_000_000_000n);
    creditAlpha(s, "hk1", "ck", 1, 1_000_000_000n);
    distribute(s, PENDING / 2n, PENDING / 2n, PENDING);
    near(stakeOf(s, "hk1", "ck", 1), 1_000_000_000n + PENDING, 10n, "alpha stake");
    near(stakeOf(s, "hk1", "ck", 0), 1_000_000_000n, 10n, "root stake");
    // 1 alpha of root dividends per 1 TAO of root stake
    assert.equal(RootClaimable.get(s, "hk1", 1), ONE32);
    assert.equal(RootAlphaDividendsPerSubnet.get(s, 1, "hk1"), PENDING);
  });

  it("test_drain_base_with_subnet_with_two_stakers_registered: half each", () => {
    const s = State.empty();
    emptySubnet(s);
    for (const h of ["hk1", "hk2"]) {
      registerNeuron(s, 1, h, "ck", 0);
      creditAlpha(s, h, "ck", 1, 1_000_000_000n);
    }
    distribute(s, PENDING / 2n, PENDING / 2n);
    for (const h of ["hk1", "hk2"]) near(stakeOf(s, h, "ck", 1), 1_000_000_000n + PENDING / 2n, 10n, h);
  });

  for (const [name, weight, root1] of [
    ["and_root", U64_MAX, 1_000_000_000n],
    ["and_root_different_amounts", U64_MAX, 2_000_000_000n],
    ["and_root_different_amounts_half_tao_weight", U64_MAX / 2n, 2_000_000_000n],
  ] as const) {
    it(`test_drain_base_with_subnet_with_two_stakers_registered_${name}: half the alpha each`, () => {
      const s = State.empty();
      emptySubnet(s);
      TaoWeight.set(s, weight);
      for (const h of ["hk1", "hk2"]) {
        registerNeuron(s, 1, h, "ck", 0);
        Delegates.set(s, h, 0);
        creditAlpha(s, h, "ck", 1, 1_000_000_000n);
      }
      creditAlpha(s, "hk1", "ck", 0, root1);
      creditAlpha(s, "hk2", "ck", 0, 1_000_000_000n);
      distribute(s, PENDING / 2n, PENDING / 2n);
      for (const h of ["hk1", "hk2"]) near(stakeOf(s, h, "ck", 1), 1_000_000_000n + PENDING / 2n, 10n, h);
    });
  }

  it("test_drain_alpha_childkey_parentkey (as a childkey hook): 10 % child take, 90 % to the parent", () => {
    const s = State.empty();
    emptySubnet(s);
    registerNeuron(s, 1, "child", "ck", 0);
    createOrVerifyHotkey(s, "ck", "parent");
    creditAlpha(s, "parent", "ck", 1, 1_000_000_000n);
    // The parent's stake flows through the child; the hook returns the split the staking issue computes.
    creditAlpha(s, "child", "ck", 1, 1n);
    setDividendDistribution((_s, hotkey, _netuid, d) =>
      hotkey === "child"
        ? [
            ["parent", (d * 9n) / 10n],
            ["child", d - (d * 9n) / 10n],
          ]
        : [[hotkey, d]],
    );
    distribute(s, PENDING / 2n, PENDING / 2n);
    near(TotalHotkeyAlpha.get(s, "parent", 1), 1_000_000_000n + (PENDING * 9n) / 10n, 10_000n, "parent");
    near(TotalHotkeyAlpha.get(s, "child", 1), 1n + PENDING / 10n, 10_000n, "child");
  });
});

describe("distribute emission (tests/coinbase/distribute_emission.rs)", () => {
  it("test_distribute_emission_no_miners_all_drained: the only staker gets everything", () => {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 1 });
    TaoWeight.set(s, 0n);
    registerNeuron(s, 1, "hk", "ck", 0);
    creditAlpha(s, "hk", "ck", 1, 1n);
    distribute(s, 500_000n, 500_000n);
    near(TotalHotkeyAlpha.get(s, "hk", 1), 1_000_001n, 1n, "stake");
  });

  it("test_distribute_emission_zero_emission: stake unchanged, the epoch still sets incentive and dividends", () => {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 2 });
    TaoWeight.set(s, 0n);
    registerNeuron(s, 1, "hk", "ck", 0);
    registerNeuron(s, 1, "miner", "mck", 0);
    creditAlpha(s, "hk", "ck", 1, 100_000_000_000_000n);
    ValidatorPermit.set(s, 1, [false, true, false]);
    setWeightsRow(s, 1, 1, [[2, 65535]], 5);
    const before = TotalHotkeyAlpha.get(s, "hk", 1);
    distributeEmission(blockContext(s, 20), 1, 0n, 0n, 0n, 0n);
    assert.equal(TotalHotkeyAlpha.get(s, "hk", 1), before);
    assert.ok(Incentive.get(s, 1).reduce((a, b) => a + b, 0) > 0);
    assert.ok(Dividends.get(s, 1).reduce((a, b) => a + b, 0) > 0);
  });
});

describe("distribution rules (chain.md §4.6)", () => {
  /** Owner (uid 0, also mining), a validator (uid 1) and a miner (uid 2); the validator weights both. */
  function ownerMines(recycle: boolean): State {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 1 });
    TaoWeight.set(s, 0n);
    if (recycle) RecycleOrBurn.set(s, 1, "Recycle");
    registerNeuron(s, 1, "val", "vck", 0);
    registerNeuron(s, 1, "miner", "mck", 0);
    creditAlpha(s, "val", "vck", 1, 1_000_000_000_000n);
    ValidatorPermit.set(s, 1, [false, true, false]);
    setWeightsRow(
      s,
      1,
      1,
      [
        [0, 65535],
        [2, 65535],
      ],
      5,
    );
    SubnetAlphaOut.set(s, 1, 10_000_000_000_000n);
    return s;
  }

  for (const recycle of [false, true]) {
    it(`the owner's own hotkey mines: its incentive is ${recycle ? "recycled" : "burned"}, MinerBurned = 1/2`, () => {
      const s = ownerMines(recycle);
      const outBefore = SubnetAlphaOut.get(s, 1);
      const r = distributeEmission(blockContext(s, 10), 1, 1_000_000n, 1_000_000n, 0n, 0n);
      assert.equal(r.minerWithheld, 500_000n);
      assert.equal(r.minerIncentive, 500_000n);
      assert.equal(TotalHotkeyAlpha.get(s, "ohk", 1), 0n);
      assert.equal(stakeOf(s, "miner", "mck", 1), 500_000n);
      assert.equal(MinerBurned.get(s, 1), ONE32 / 2n);
      assert.equal(SubnetAlphaOut.get(s, 1), recycle ? outBefore - 500_000n : outBefore);
    });
  }

  it("validator take (18 %) is staked to the owner coldkey, the rest raises the pool for nominators", () => {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 1, ownerNeuron: false });
    TaoWeight.set(s, 0n);
    registerNeuron(s, 1, "val", "vck", 0);
    creditAlpha(s, "val", "vck", 1, 1_000_000_000n);
    creditAlpha(s, "val", "nominator", 1, 3_000_000_000n);
    distribute(s, 0n, 1_000_000_000n);
    const take = (1_000_000_000n * ((11_796n << 32n) / 65535n)) >> 32n;
    const rest = 1_000_000_000n - take;
    // the take mints shares first, then the rest raises the pool for every holder
    const pool = 4_000_000_000n + take;
    near(
      stakeOf(s, "val", "vck", 1),
      ((1_000_000_000n + take) * (pool + rest)) / pool,
      2n,
      "validator owner",
    );
    near(stakeOf(s, "val", "nominator", 1), (3_000_000_000n * (pool + rest)) / pool, 2n, "nominator");
    assert.equal(TotalHotkeyAlpha.get(s, "val", 1), 4_000_000_000n + take + rest - 1n);
  });

  it("owner cut is staked to (SubnetOwnerHotkey, SubnetOwner)", () => {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 1 });
    const r = distribute(s, 0n, 0n, 0n, 123_456n);
    assert.equal(r.ownerCut, 123_456n);
    assert.equal(stakeOf(s, "ohk", "ock", 1), 123_456n);
  });

  it("root alpha nobody can receive (no root stake) is recycled", () => {
    const s = State.empty();
    emptySubnet(s);
    registerNeuron(s, 1, "hk1", "ck", 0);
    creditAlpha(s, "hk1", "ck", 1, 1_000_000_000n);
    SubnetAlphaOut.set(s, 1, 5_000_000_000n);
    const r = distribute(s, 0n, 1_000n, 777n);
    assert.equal(r.rootRecycled, 777n);
    assert.equal(SubnetAlphaOut.get(s, 1), 5_000_000_000n - 777n);
  });

  it("root dividends above the root stake go to the owner's stake instead of a rate", () => {
    const s = State.empty();
    emptySubnet(s);
    TaoWeight.set(s, U64_MAX);
    registerNeuron(s, 1, "hk1", "ck", 0);
    Delegates.set(s, "hk1", 0);
    creditAlpha(s, "hk1", "ck", 1, 1_000n);
    creditAlpha(s, "hk1", "ck", 0, 1_000n);
    distribute(s, 0n, 1_000n, 5_000n);
    assert.equal(RootClaimable.get(s, "hk1", 1), 0n);
    near(stakeOf(s, "hk1", "ck", 1), 1_000n + 1_000n + 5_000n, 2n, "stake");
  });
});
