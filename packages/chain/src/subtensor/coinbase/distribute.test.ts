/**
 * Ports of the reference's `tests/coinbase/drain_emission.rs` and `distribute_emission.rs` (with the
 * childkey cases), the epoch-level childkey tests of `tests/children.rs`, plus the newest distribution
 * rules: miner incentive of owner hotkeys withheld (MinerBurned, Burn vs Recycle) or staked to the
 * auto-stake destination, delegate take, root claimable.
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
  MaxAllowedValidators,
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
import type { ChainEvent } from "../../types.js";
import { AutoStakeDestination, applyChildren, ChildkeyTake } from "../children.js";
import { CKBurn, MaxChildkeyTake } from "../subnets/storage.js";
import { distributeEmission, setDividendDistribution } from "./distribute.js";
import { epochInput } from "./epoch.js";
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

/** Owner (uid 0, also mining), a validator (uid 1) and a miner (uid 2): the validator weights both. */
function ownerMinesFor(): State {
  const s = State.empty();
  addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 1 });
  TaoWeight.set(s, 0n);
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

  for (const burn of [0n, U64_MAX / 10n]) {
    it(`test_drain_alpha_childkey_parentkey${burn ? "_with_burn" : ""}: 10 % child take, the parent the rest`, () => {
      const s = State.empty();
      emptySubnet(s);
      CKBurn.set(s, burn);
      registerNeuron(s, 1, "child", "ck", 0);
      // The parent is not registered: no owner, as in the reference's mock (different from the child's).
      // Its take would go to the reference's default account; with a 0 take it stays on the parent.
      Delegates.set(s, "parent", 0);
      creditAlpha(s, "parent", "ck", 1, 1_000_000_000n);
      applyChildren(s, undefined, 1, "parent", [[U64_MAX, "child"]]);
      ChildkeyTake.set(s, "child", 1, Math.floor(65535 / 10));
      SubnetAlphaOut.set(s, 1, 10n * PENDING);
      distribute(s, PENDING / 2n, PENDING / 2n);
      const rate = Number(burn) / Number(U64_MAX);
      const ckBurn = ((Number(PENDING) * 9) / 10) * rate;
      const total = Number(PENDING) - ckBurn;
      const parentRatio = ((Number(PENDING) * 9) / 10 - ckBurn) / total;
      const childRatio = Number(PENDING) / 10 / total;
      const eps = burn === 0n ? 10_000n : 3_000_000n;
      near(
        TotalHotkeyAlpha.get(s, "parent", 1),
        1_000_000_000n + BigInt(Math.floor(Number(PENDING) * parentRatio)),
        eps,
        "parent",
      );
      near(
        TotalHotkeyAlpha.get(s, "child", 1),
        BigInt(Math.floor(Number(PENDING) * childRatio)),
        eps,
        "child",
      );
      // CKBurn applies to the parent's part of the child's epoch dividend (here all of raoEmission: no
      // miner incentive), before the take: 10 % of 10^9 leaves SubnetAlphaOut.
      if (burn > 0n) near(10n * PENDING - SubnetAlphaOut.get(s, 1), PENDING / 10n, 10n, "burned");
    });
  }

  it("a test split installed with setDividendDistribution replaces the reference's", () => {
    const s = State.empty();
    emptySubnet(s);
    registerNeuron(s, 1, "child", "ck", 0);
    createOrVerifyHotkey(s, "ck", "parent");
    creditAlpha(s, "parent", "ck", 1, 1_000_000_000n);
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

describe("childkeys in the epoch (tests/children.rs)", () => {
  /**
   * test_childkey_take_drain: the parent lends 50 % to a child without own stake but with a nominator of
   * the same stake; childkey take 20 %, child delegate take 0. Expected: child coldkey 0, parent 45 %,
   * nominator 55 % of the validators' emission, whatever the parent's delegate take.
   */
  for (const parentTake of [0, Math.floor(65535 / 5)]) {
    it(`test_childkey_take_drain (parent take ${parentTake}): 0 / 45 % / 55 %`, () => {
      const s = State.empty();
      addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 10, ownerNeuron: false });
      TaoWeight.set(s, 0n);
      SubnetOwnerCut.set(s, 0);
      registerNeuron(s, 1, "child", "child-ck", 1);
      registerNeuron(s, 1, "parent", "parent-ck", 1);
      registerNeuron(s, 1, "miner", "miner-ck", 1);
      const stake = 100_000_000_000n;
      creditAlpha(s, "parent", "parent-ck", 1, stake);
      creditAlpha(s, "child", "nominator", 1, stake);
      applyChildren(s, undefined, 1, "parent", [[U64_MAX / 2n, "child"]]);
      MaxChildkeyTake.set(s, Math.floor(65535 / 5));
      ChildkeyTake.set(s, "child", 1, Math.floor(65535 / 5));
      Delegates.set(s, "parent", parentTake);
      Delegates.set(s, "child", 0);
      ValidatorPermit.set(s, 1, [true, true, false]);
      setWeightsRow(s, 1, 0, [[2, 65535]], 2);
      setWeightsRow(s, 1, 1, [[2, 65535]], 2);
      const before = {
        child: stakeOf(s, "child", "child-ck", 1),
        parent: stakeOf(s, "parent", "parent-ck", 1),
        nominator: stakeOf(s, "child", "nominator", 1),
      };
      distributeEmission(blockContext(s, 12), 1, 500_000_000n, 500_000_000n, 0n, 0n);
      const child = stakeOf(s, "child", "child-ck", 1) - before.child;
      const parent = stakeOf(s, "parent", "parent-ck", 1) - before.parent;
      const nominator = stakeOf(s, "child", "nominator", 1) - before.nominator;
      const total = child + parent + nominator;
      assert.ok(total > 0n);
      near(child, 0n, 10n, "child coldkey");
      near(parent, (total * 9n) / 20n, 10n, "parent");
      near(nominator, (total * 11n) / 20n, 10n, "nominator");
    });
  }

  it("the epoch's stake vector is the inherited stake weight (validator permits follow it)", () => {
    const s = State.empty();
    addSubnet(s, { netuid: 1, ownerColdkey: "ock", ownerHotkey: "ohk", tempo: 10, ownerNeuron: false });
    TaoWeight.set(s, 0n);
    registerNeuron(s, 1, "parent", "pck", 1);
    registerNeuron(s, 1, "child", "cck", 1);
    MaxAllowedValidators.set(s, 1, 1);
    creditAlpha(s, "parent", "pck", 1, 1_000_000n);
    creditAlpha(s, "child", "cck", 1, 10n);
    const { input } = epochInput(s, 1, 12, 0n);
    assert.deepEqual(input.stake, [1_000_000n, 10n]);
    applyChildren(s, undefined, 1, "parent", [[U64_MAX, "child"]]);
    assert.deepEqual(epochInput(s, 1, 12, 0n).input.stake, [0n, 1_000_010n]);
    distributeEmission(blockContext(s, 12), 1, 0n, 0n, 0n, 0n);
    assert.deepEqual(ValidatorPermit.get(s, 1), [false, true]);
  });
});

describe("auto-stake destination (chain.md §6.5)", () => {
  it("a miner's incentive is staked to its owner's destination hotkey, with AutoStakeAdded", () => {
    const s = ownerMinesFor();
    AutoStakeDestination.set(s, "mck", 1, "dest");
    const events: ChainEvent[] = [];
    distributeEmission(blockContext(s, 10, undefined, events), 1, 1_000_000n, 1_000_000n, 0n, 0n);
    assert.equal(stakeOf(s, "miner", "mck", 1), 0n);
    assert.equal(stakeOf(s, "dest", "mck", 1), 500_000n);
    const ev = events.find((e) => e.name === "AutoStakeAdded");
    assert.deepEqual(ev?.data, {
      netuid: 1,
      destination: "dest",
      hotkey: "miner",
      owner: "mck",
      incentive: 500_000n,
    });
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
