/**
 * remove_stake_full_limit, unstake_all_alpha, swap_stake_limit (`get_max_amount_move`) and the nominator
 * minimum, through real transactions on a TestChain. Ports of the reference's tests
 * (`tests/staking/remove_stake_limit.rs`, `tests/staking/unstake.rs`, `tests/staking/move_stake.rs`) with
 * their figures where the setup carries over (reserves force-set, stake credited directly as the
 * reference's tests do), and fast-check properties: limit orders never execute worse than their limit,
 * TAO is conserved, and every position is its shares times the pool value.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import type { BlockResult } from "../block.js";
import { cryptoReady } from "../crypto.js";
import { createGenesis, mainnetGenesis } from "../genesis.js";
import { freeBalance } from "../pallets/balances.js";
import { priceRao, spotPrice } from "../pool.js";
import { getDelegate, getStakeInfoForColdkey } from "../queries/delegates.js";
import { increaseStake, stakeOf } from "../stake.js";
import type { State } from "../state/state.js";
import {
  Account,
  AlphaV2,
  FirstEmissionBlockNumber,
  NetworksAdded,
  SubnetAlphaIn,
  SubnetEmissionEnabled,
  SubnetMechanism,
  SubnetTAO,
  SwapBalancer,
  TotalHotkeyAlpha,
  TotalHotkeySharesV2,
  TotalIssuance,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import { DEFAULT_MIN_STAKE, nominatorMinStake } from "./staking.js";
import { maxMoveAmount } from "./staking-limits.js";
import { NominatorMinRequiredStake } from "./subnets/storage.js";
import { registerSubnet } from "./subnets/testkit.js";

const U64_MAX = (1n << 64n) - 1n;

/** TotalIssuance − (Σ free + Σ SubnetTAO): 0 when TAO is conserved. */
function conservationGap(s: State): bigint {
  let total = 0n;
  for (const a of Account.keys(s)) total += Account.get(s, a).free;
  for (const n of NetworksAdded.keys(s)) total += SubnetTAO.get(s, Number(n));
  return TotalIssuance.get(s) - total;
}

/** A started dynamic subnet whose reserves only move with the stake operations. */
function startSubnet(c: TestChain, owner: string, hotkey: string): number {
  const net = registerSubnet(c, owner, hotkey);
  c.expectOk(c.block(c.tx(owner, "subtensor", "start_call", { netuid: net })));
  SubnetEmissionEnabled.set(c.state, net, false);
  FirstEmissionBlockNumber.set(c.state, net, null);
  return net;
}

function setReserves(c: TestChain, net: number, tao: bigint, alpha: bigint): void {
  SubnetTAO.set(c.state, net, tao);
  SubnetAlphaIn.set(c.state, net, alpha);
  SwapBalancer.set(c.state, net, 500_000_000_000_000_000n);
}

const free = (c: TestChain, uri: string) => freeBalance(c.state, c.addr(uri));
const fee = (r: BlockResult) => r.receipts.reduce((a, x) => a + x.fee, 0n);

async function oneSubnet() {
  const c = await TestChain.create();
  const net = startSubnet(c, "//Alice", "//Alice/sn");
  return { c, net, hot: c.addr("//Alice/sn"), bob: c.addr("//Bob") };
}

describe("remove_stake_full_limit", () => {
  before(cryptoReady);

  const fullLimit = (c: TestChain, hot: string, net: number, limit: bigint | null) =>
    c.block(
      c.tx("//Bob", "subtensor", "remove_stake_full_limit", { hotkey: hot, netuid: net, limit_price: limit }),
    );

  it("test_remove_stake_full_limit_ok: 10 alpha from a 100/100 pool with limit 0.09 pay ≈ 9.086 TAO", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    increaseStake(c.state, hot, bob, net, 10n * TAO);
    setReserves(c, net, 100n * TAO, 100n * TAO);
    const before = free(c, "//Bob");
    const r = c.expectOk(fullLimit(c, hot, net, 90_000_000n));
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    const got = free(c, "//Bob") + fee(r) - before;
    assert.ok(got > 9_085_000_000n && got < 9_087_000_000n, `${got}`);
  });

  it("test_remove_stake_full_limit_fails_slippage_too_high: limit 0.91 is fill-or-kill", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    increaseStake(c.state, hot, bob, net, 10n * TAO);
    setReserves(c, net, 100n * TAO, 100n * TAO);
    c.expectError(fullLimit(c, hot, net, 910_000_000n), "SlippageTooHigh");
    assert.equal(stakeOf(c.state, hot, bob, net), 10n * TAO);
    // a limit above the current price cannot execute at all
    c.expectError(fullLimit(c, hot, net, 1_000_000_001n), "PriceLimitExceeded");
  });

  it("test_remove_stake_full_limit_ok_with_no_limit_price: at market", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    increaseStake(c.state, hot, bob, net, 10n * TAO);
    setReserves(c, net, 100n * TAO, 100n * TAO);
    const before = free(c, "//Bob");
    const r = c.expectOk(fullLimit(c, hot, net, null));
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    const got = free(c, "//Bob") + fee(r) - before;
    assert.ok(got > 9_085_000_000n && got < 9_087_000_000n, `${got}`);
    assert.ok(r.events.some((e) => e.name === "StakeRemoved" && e.data.alpha === 10n * TAO));
  });

  it("fails with AmountTooLow when there is nothing to unstake", async () => {
    const { c, net, hot } = await oneSubnet();
    c.expectError(fullLimit(c, hot, net, null), "AmountTooLow");
  });
});

describe("unstake_all_alpha", () => {
  before(cryptoReady);

  it("test_unstake_all_alpha_works: every subnet's alpha is sold and the TAO staked on root", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    const net2 = startSubnet(c, "//Charlie", "//Charlie/sn");
    const stake = 190n * TAO;
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: stake }),
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net2, amount_staked: 5n * TAO }),
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: 3n * TAO }),
      ),
    );
    const gap = conservationGap(c.state);
    const rootBefore = stakeOf(c.state, hot, bob, 0);
    const freeBefore = free(c, "//Bob");
    const r = c.expectOk(c.block(c.tx("//Bob", "subtensor", "unstake_all_alpha", { hotkey: hot })));
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    assert.equal(stakeOf(c.state, hot, bob, net2), 0n);
    const removed = r.events.filter((e) => e.name === "StakeRemoved");
    assert.deepEqual(
      removed.map((e) => e.data.netuid),
      [net, net2].sort((a, b) => a - b),
    );
    const tao = removed.reduce((a, e) => a + (e.data.tao as bigint), 0n);
    assert.ok(tao > 190n * TAO);
    assert.equal(stakeOf(c.state, hot, bob, 0), rootBefore + tao);
    const added = r.events.filter((e) => e.name === "StakeAdded");
    assert.deepEqual(
      added.map((e) => [e.data.netuid, e.data.tao]),
      [[0, tao]],
    );
    // the TAO never reached the free balance; nothing was created
    assert.equal(free(c, "//Bob"), freeBefore - fee(r));
    assert.equal(conservationGap(c.state), gap);
  });

  it("test_unstake_all_alpha_hits_liquidity_min: nothing can be sold ⇒ AmountTooLow, stake untouched", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 100n * TAO }),
      ),
    );
    const alpha = stakeOf(c.state, hot, bob, net);
    // selling everything would take the TAO reserve below MinimumReserve
    setReserves(c, net, 1_000_000n, alpha + 10_000_000n);
    c.expectError(c.block(c.tx("//Bob", "subtensor", "unstake_all_alpha", { hotkey: hot })), "AmountTooLow");
    assert.equal(stakeOf(c.state, hot, bob, net), alpha);
    c.expectError(
      c.block(c.tx("//Bob", "subtensor", "unstake_all_alpha", { hotkey: c.addr("//Nobody") })),
      "HotKeyAccountNotExists",
    );
  });
});

describe("swap_stake_limit and get_max_amount_move", () => {
  before(cryptoReady);

  async function twoSubnets() {
    const c = await TestChain.create();
    const origin = startSubnet(c, "//Alice", "//Alice/sn");
    const destination = startSubnet(c, "//Charlie", "//Charlie/sn");
    return { c, origin, destination, hot: c.addr("//Alice/sn"), bob: c.addr("//Bob") };
  }

  it("test_max_amount_move_root_root / _root_stable: unlimited up to a 1.0 limit, 0 above", async () => {
    const { c, origin } = await twoSubnets();
    SubnetMechanism.set(c.state, origin, 0);
    for (const dest of [0, origin]) {
      for (const limit of [0n, 500_000_000n, 999_999_999n, 1_000_000_000n])
        assert.equal(maxMoveAmount(c.state, 0, dest, limit), U64_MAX);
      for (const limit of [1_000_000_001n, 2_000_000_000n])
        assert.equal(maxMoveAmount(c.state, 0, dest, limit), 0n);
    }
  });

  it("test_max_amount_move_stable_dynamic: an add limit at the inverted price", async () => {
    const { c, origin, destination } = await twoSubnets();
    SubnetMechanism.set(c.state, origin, 0);
    setReserves(c, destination, 50n * TAO, 100n * TAO); // price 0.5
    assert.equal(maxMoveAmount(c.state, origin, destination, 0n), U64_MAX);
    assert.equal(maxMoveAmount(c.state, origin, destination, 2_000_000_000n), 0n);
    assert.equal(maxMoveAmount(c.state, origin, destination, 3_000_000_000n), 0n);
    // 2x price => max is 1x TAO (+ fee), within 1 %
    const max = maxMoveAmount(c.state, origin, destination, 500_000_000n);
    const expected = 50n * TAO + (50n * TAO * 3n) / 1_000n;
    assert.ok(max > expected - TAO / 2n && max < expected + TAO / 2n, `${max}`);
    assert.ok(maxMoveAmount(c.state, origin, destination, 1_999_999_000n) > 0n);
    for (const limit of [U64_MAX, U64_MAX - 1n, U64_MAX / 2n])
      assert.equal(maxMoveAmount(c.state, origin, destination, limit), 0n);
  });

  it("test_max_amount_move_dynamic_stable: a remove limit", async () => {
    const { c, origin, destination } = await twoSubnets();
    SubnetMechanism.set(c.state, destination, 0);
    setReserves(c, origin, 150n * TAO, 100n * TAO); // price 1.5
    for (const limit of [1n, 2n, 3n, 1_499_999_999n])
      assert.ok(maxMoveAmount(c.state, origin, destination, limit) > 0n);
    assert.equal(maxMoveAmount(c.state, origin, destination, 1_500_000_001n), 0n);
    assert.ok(maxMoveAmount(c.state, origin, destination, 1_500_000_000n) <= 10_000n);
    for (const limit of [U64_MAX, U64_MAX - 1n, U64_MAX / 2n])
      assert.ok(maxMoveAmount(c.state, origin, destination, limit) < 21_000_000n * TAO);
  });

  it("test_max_amount_move_dynamic_dynamic: the reference's table", async () => {
    const { c, origin, destination } = await twoSubnets();
    // tao_in_1, alpha_in_1, tao_in_2, alpha_in_2, limit_price, expected_max_swappable, precision
    const M = U64_MAX;
    const table: Array<[bigint, bigint, bigint, bigint, bigint, bigint, bigint]> = [
      [0n, 1_000_000_000n, 1_000_000_000n, 1_000_000_000n, 100n, 0n, 1n],
      [1_000_000_000n, 0n, 1_000_000_000n, 1_000_000_000n, 100n, 0n, 1n],
      [1_000_000_000n, 1_000_000_000n, 0n, 1_000_000_000n, 100n, 0n, 1n],
      [1_000_000_000n, 1_000_000_000n, 1_000_000_000n, 0n, 100n, 0n, 1n],
      [1n, 1n, 1n, 1n, 0n, M, 1n],
      [1n, 1n, 1n, 1n, 1n, 500_000_000n, 1n],
      [1n, 1n, 1n, 1n, 2n, 250_000_000n, 1n],
      [1n, 1n, 1n, 1n, 3n, 166_666_666n, 1n],
      [1n, 1n, 1n, 1n, 4n, 125_000_000n, 1n],
      [1n, 1n, 1n, 1n, 1_000n, 500_000n, 1n],
      [1_000n, 1_000n, 1_000n, 1_000n, 500_000_000n, 500n, 1n],
      [1_000n, 1_000n, 1_000n, 1_000n, 100_000_000n, 4_500n, 1n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 100_000_000n, 560n * TAO, 1_000_000n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 500_000_000n, 80n * TAO, 1_000_000n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 750_000_000n, 40n * TAO, 1_000_000n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 1_000_000_000n, 20n * TAO, 1_000n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 1_250_000_000n, 8n * TAO, 1_000n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 1_499_999_999n, 27n, 1n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 1_500_000_000n, 0n, 1n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 1_500_000_001n, 0n, 1n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 1_500_001_000n, 0n, 1n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, 2_000_000_000n, 0n, 1n],
      [150n * TAO, 100n * TAO, 100n * TAO, 100n * TAO, M, 0n, 1n],
      [100n * TAO, 200n * TAO, 300n * TAO, 400n * TAO, 500_000_000n, 50n * TAO, 1_000n],
      [
        1_000_000_000n,
        1_000_000_000n,
        1_000_000_000n,
        1_000_000_000n,
        1n,
        499_999_999_500_000_000n,
        100_000_000n,
      ],
      [1_000_000n, 1_000_000n, 21_000_000n * TAO, 10n ** 18n, 1n, 48_000_000n * TAO, 1_000_000n * TAO],
      [1_000_000n, 1_000_000n, 21_000_000n * TAO, 10n ** 18n, M, 0n, 1n],
    ];
    for (const [t1, a1, t2, a2, limit, expected, precision] of table) {
      setReserves(c, origin, t1, a1);
      setReserves(c, destination, t2, a2);
      const got = maxMoveAmount(c.state, origin, destination, limit);
      const diff = got > expected ? got - expected : expected - got;
      assert.ok(diff <= precision, `${[t1, a1, t2, a2, limit].join(", ")}: ${got} vs ${expected}`);
    }
  });

  it("test_move_stake_limit_partial: a 1 % limit on equal prices moves ≈ 1 alpha of 150", async () => {
    const { c, origin, destination, hot, bob } = await twoSubnets();
    increaseStake(c.state, hot, bob, origin, 150n * TAO);
    setReserves(c, origin, 150n * TAO, 100n * TAO);
    setReserves(c, destination, 150n * TAO * 100_000n, 100n * TAO * 100_000n);
    assert.equal(priceRao(c.state, origin), 1_500_000_000n);
    assert.equal(priceRao(c.state, destination), 1_500_000_000n);
    const swap = (partial: boolean) =>
      c.block(
        c.tx("//Bob", "subtensor", "swap_stake_limit", {
          hotkey: hot,
          origin_netuid: origin,
          destination_netuid: destination,
          alpha_amount: 150n * TAO,
          limit_price: 990_000_000n,
          allow_partial: partial,
        }),
      );
    c.expectError(swap(false), "SlippageTooHigh");
    const r = c.expectOk(swap(true));
    const left = stakeOf(c.state, hot, bob, origin);
    assert.ok(left > 148_900_000_000n && left < 149_100_000_000n, `${left}`);
    assert.ok(stakeOf(c.state, hot, bob, destination) > 0n);
    assert.ok(r.events.some((e) => e.name === "StakeSwapped"));
  });

  it("a limit above the current ratio cannot execute (PriceLimitExceeded); same subnet is SameNetuid", async () => {
    const { c, origin, destination, hot, bob } = await twoSubnets();
    increaseStake(c.state, hot, bob, origin, 10n * TAO);
    setReserves(c, origin, 100n * TAO, 100n * TAO);
    setReserves(c, destination, 100n * TAO, 100n * TAO);
    const swap = (to: number, limit: bigint) =>
      c.block(
        c.tx("//Bob", "subtensor", "swap_stake_limit", {
          hotkey: hot,
          origin_netuid: origin,
          destination_netuid: to,
          alpha_amount: TAO,
          limit_price: limit,
          allow_partial: true,
        }),
      );
    c.expectError(swap(destination, 1_000_000_001n), "PriceLimitExceeded");
    c.expectError(swap(origin, 1n), "SameNetuid");
    c.expectOk(swap(destination, 0n));
  });
});

describe("nominator minimum stake", () => {
  before(cryptoReady);

  it("the threshold is DefaultMinStake × factor / 10^6; mainnet's preset factor is 10^7 (0.02 TAO), dev's 0", async () => {
    const { c } = await oneSubnet();
    assert.equal(NominatorMinRequiredStake.get(c.state), 0n);
    assert.equal(nominatorMinStake(c.state), 0n);
    const main = createGenesis(mainnetGenesis({ balances: [], sudo: null }));
    assert.equal(NominatorMinRequiredStake.get(main.state), 10_000_000n);
    assert.equal(nominatorMinStake(main.state), 20_000_000n);
    NominatorMinRequiredStake.set(c.state, U64_MAX);
    assert.equal(nominatorMinStake(c.state), U64_MAX / 1_000_000n);
  });

  it("a nominator's leftover below the minimum is unstaked with the rest; the owner's is kept", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    c.expectOk(
      c.block(c.sudo("adminUtils", "sudo_set_nominator_min_required_stake", { min_stake: 10_000_000 })),
    );
    const alice = c.addr("//Alice");
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO }),
        c.tx("//Alice", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO }),
      ),
    );
    // the threshold in alpha at the spot price
    const minAlpha = (nominatorMinStake(c.state) << 32n) / spotPrice(c.state, net);
    assert.ok(minAlpha > DEFAULT_MIN_STAKE);
    const held = stakeOf(c.state, hot, bob, net);
    const gap = conservationGap(c.state);
    const before = free(c, "//Bob");
    const leftover = minAlpha / 2n;
    const r = c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: held - leftover,
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    const removed = r.events.filter((e) => e.name === "StakeRemoved");
    assert.deepEqual(
      removed.map((e) => e.data.alpha),
      [held - leftover, leftover],
    );
    const tao = removed.reduce((a, e) => a + (e.data.tao as bigint), 0n);
    assert.equal(free(c, "//Bob") - before, tao - fee(r));
    assert.equal(conservationGap(c.state), gap);
    // the owner keeps a small position
    const aliceHeld = stakeOf(c.state, hot, alice, net);
    c.expectOk(
      c.block(
        c.tx("//Alice", "subtensor", "remove_stake", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: aliceHeld - (aliceHeld > leftover ? leftover : 0n),
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, alice, net), leftover);
  });

  it("raising the minimum by sudo unstakes the nominations below it (clear_small_nominations); the owner's stay", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    const alice = c.addr("//Alice");
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO / 100n }),
        c.tx("//Alice", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO / 100n }),
        c.tx("//Charlie", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO }),
      ),
    );
    const charlie = c.addr("//Charlie");
    const aliceHeld = stakeOf(c.state, hot, alice, net);
    const charlieHeld = stakeOf(c.state, hot, charlie, net);
    const bobFree = free(c, "//Bob");
    const gap = conservationGap(c.state);
    // 0.1 TAO minimum: Bob's 0.01 TAO nomination goes, Charlie's 1 TAO stays, Alice owns the hotkey
    const r = c.expectOk(
      c.block(c.sudo("adminUtils", "sudo_set_nominator_min_required_stake", { min_stake: 50_000_000 })),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    assert.ok(free(c, "//Bob") > bobFree);
    assert.equal(stakeOf(c.state, hot, charlie, net), charlieHeld);
    assert.equal(stakeOf(c.state, hot, alice, net), aliceHeld);
    assert.equal(r.events.filter((e) => e.name === "StakeRemoved").length, 1);
    assert.equal(conservationGap(c.state), gap);
    // lowering it clears nothing
    const again = c.expectOk(
      c.block(c.sudo("adminUtils", "sudo_set_nominator_min_required_stake", { min_stake: 1 })),
    );
    assert.equal(again.events.filter((e) => e.name === "StakeRemoved").length, 0);
  });

  it("a leftover at or above the minimum stays; with the default factor 0 nothing is cleared", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO })),
    );
    let held = stakeOf(c.state, hot, bob, net);
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: held - 1_000n,
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), 1_000n);
    NominatorMinRequiredStake.set(c.state, 10_000_000n);
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO })),
    );
    held = stakeOf(c.state, hot, bob, net);
    const minAlpha = (nominatorMinStake(c.state) << 32n) / spotPrice(c.state, net);
    const keep = minAlpha + minAlpha / 10n;
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: held - keep,
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), keep);
  });

  it("remove_stake_limit and unstake_all_alpha apply it too", async () => {
    const { c, net, hot, bob } = await oneSubnet();
    NominatorMinRequiredStake.set(c.state, 10_000_000n);
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO })),
    );
    const held = stakeOf(c.state, hot, bob, net);
    const minAlpha = (nominatorMinStake(c.state) << 32n) / spotPrice(c.state, net);
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake_limit", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: held - minAlpha / 2n,
          limit_price: 0,
          allow_partial: false,
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
  });
});

describe("staking limits: properties", () => {
  before(cryptoReady);

  it("remove_stake_full_limit never sells below its limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: TAO / 10n, max: 500n * TAO }),
        fc.integer({ min: 50, max: 1_050 }),
        async (stake, permille) => {
          const { c, net, hot, bob } = await oneSubnet();
          c.expectOk(
            c.block(
              c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: stake }),
            ),
          );
          const alpha = stakeOf(c.state, hot, bob, net);
          const limit = (priceRao(c.state, net) * BigInt(permille)) / 1_000n;
          const before = free(c, "//Bob");
          const r = c.block(
            c.tx("//Bob", "subtensor", "remove_stake_full_limit", {
              hotkey: hot,
              netuid: net,
              limit_price: limit,
            }),
          );
          const receipt = r.receipts[0];
          assert.ok(receipt);
          if (!receipt.success) {
            assert.ok(["SlippageTooHigh", "PriceLimitExceeded"].includes(receipt.error?.code ?? ""));
            assert.equal(stakeOf(c.state, hot, bob, net), alpha);
            return;
          }
          const got = free(c, "//Bob") + receipt.fee - before;
          // the pool ends at or above the limit, and the average price of the alpha that entered the pool
          // after the swap fee is at least the limit (1 rao of rounding)
          assert.ok(priceRao(c.state, net) + 1n >= limit, `${priceRao(c.state, net)} < ${limit}`);
          const net_ = alpha - (alpha * 33n) / 65_535n;
          assert.ok(got * TAO + TAO >= net_ * limit, `${got} for ${net_} at ${limit}`);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("swap_stake_limit never moves at a worse rate than its limit (net of the destination fee)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: TAO, max: 300n * TAO }),
        fc.bigInt({ min: 10n * TAO, max: 1_000n * TAO }),
        fc.integer({ min: 900, max: 1_000 }),
        fc.boolean(),
        async (stake, depth, permille, partial) => {
          const c = await TestChain.create();
          const origin = startSubnet(c, "//Alice", "//Alice/sn");
          const destination = startSubnet(c, "//Charlie", "//Charlie/sn");
          const hot = c.addr("//Alice/sn");
          const bob = c.addr("//Bob");
          setReserves(c, destination, depth, depth * 2n);
          c.expectOk(
            c.block(
              c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: origin, amount_staked: stake }),
            ),
          );
          const alpha = stakeOf(c.state, hot, bob, origin);
          const ratio = (priceRao(c.state, origin) * TAO) / priceRao(c.state, destination);
          const limit = (ratio * BigInt(permille)) / 1_000n;
          const r = c.block(
            c.tx("//Bob", "subtensor", "swap_stake_limit", {
              hotkey: hot,
              origin_netuid: origin,
              destination_netuid: destination,
              alpha_amount: alpha,
              limit_price: limit,
              allow_partial: partial,
            }),
          );
          const receipt = r.receipts[0];
          assert.ok(receipt);
          if (!receipt.success) {
            assert.ok(
              ["SlippageTooHigh", "PriceLimitExceeded", "AmountTooLow"].includes(receipt.error?.code ?? ""),
              receipt.error?.code,
            );
            return;
          }
          const unstaked = alpha - stakeOf(c.state, hot, bob, origin);
          const moved = stakeOf(c.state, hot, bob, destination);
          assert.ok(unstaked > 0n);
          if (!partial) assert.equal(unstaked, alpha);
          // moved / unstaked ≥ limit · (1 − fee), within 1 ppm of rounding
          assert.ok(
            moved * TAO * 65_535n * 1_000_000n >= unstaked * limit * (65_535n - 33n) * 999_999n,
            `${moved}/${unstaked} < ${limit}`,
          );
        },
      ),
      { numRuns: 12 },
    );
  });

  it("conserves TAO and keeps every position equal to its shares of the pool over random sequences of stake operations and epochs", async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("add"),
        who: fc.constantFrom("//Bob", "//Dave"),
        sub: fc.nat(2),
        tao: fc.bigInt({ min: TAO / 100n, max: 50n * TAO }),
      }),
      fc.record({
        kind: fc.constant("full"),
        who: fc.constantFrom("//Bob", "//Dave"),
        sub: fc.nat(2),
        permille: fc.option(fc.integer({ min: 0, max: 1_100 })),
      }),
      fc.record({ kind: fc.constant("alpha"), who: fc.constantFrom("//Bob", "//Dave") }),
      fc.record({
        kind: fc.constant("swap"),
        who: fc.constantFrom("//Bob", "//Dave"),
        part: fc.integer({ min: 1, max: 100 }),
        permille: fc.integer({ min: 0, max: 1_050 }),
        partial: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("take"), up: fc.boolean(), take: fc.integer({ min: 0, max: 11_796 }) }),
      // blocks with emission, crossing the dev tempo (10): epochs pay dividends into the share pools
      fc.record({ kind: fc.constant("blocks"), count: fc.integer({ min: 1, max: 12 }) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (seq, nominatorMin) => {
          const c = await TestChain.create();
          const n1 = startSubnet(c, "//Alice", "//Alice/sn");
          const n2 = startSubnet(c, "//Charlie", "//Charlie/sn");
          const hot = c.addr("//Alice/sn");
          if (nominatorMin) NominatorMinRequiredStake.set(c.state, 50_000_000n);
          const nets = [0, n1, n2];
          const gap = conservationGap(c.state);
          for (const o of seq) {
            let r: BlockResult;
            if (o.kind === "add") {
              r = c.block(
                c.tx(o.who, "subtensor", "add_stake", {
                  hotkey: hot,
                  netuid: nets[o.sub],
                  amount_staked: o.tao,
                }),
              );
            } else if (o.kind === "full") {
              const netuid = nets[o.sub] ?? 0;
              const limit =
                o.permille === null ? null : (priceRao(c.state, netuid) * BigInt(o.permille)) / 1_000n;
              r = c.block(
                c.tx(o.who, "subtensor", "remove_stake_full_limit", {
                  hotkey: hot,
                  netuid,
                  limit_price: limit,
                }),
              );
            } else if (o.kind === "alpha") {
              r = c.block(c.tx(o.who, "subtensor", "unstake_all_alpha", { hotkey: hot }));
            } else if (o.kind === "swap") {
              const held = stakeOf(c.state, hot, c.addr(o.who), n1);
              const ratio = (priceRao(c.state, n1) * TAO) / priceRao(c.state, n2);
              r = c.block(
                c.tx(o.who, "subtensor", "swap_stake_limit", {
                  hotkey: hot,
                  origin_netuid: n1,
                  destination_netuid: n2,
                  alpha_amount: (held * BigInt(o.part)) / 100n,
                  limit_price: (ratio * BigInt(o.permille)) / 1_000n,
                  allow_partial: o.partial,
                }),
              );
            } else if (o.kind === "blocks") {
              c.advance(o.count);
              r = c.history[c.history.length - 1] as BlockResult;
            } else {
              r = c.block(
                c.tx("//Alice", "subtensor", o.up ? "increase_take" : "decrease_take", {
                  hotkey: hot,
                  take: o.take,
                }),
              );
            }
            assert.equal(r.rejected.length, 0);
            assert.equal(
              conservationGap(c.state),
              gap,
              `after ${JSON.stringify(o, (_k, v) => (typeof v === "bigint" ? `${v}` : v))}`,
            );
            for (const netuid of nets) {
              // the shares of the coldkeys add up to the pool's shares, their values to at most its value
              let shares = 0n;
              let value = 0n;
              let holders = 0n;
              for (const who of ["//Alice", "//Bob", "//Dave"]) {
                const cold = c.addr(who);
                const mine = AlphaV2.get(c.state, `${hot}/${cold}`, netuid);
                shares += mine;
                const total = TotalHotkeySharesV2.get(c.state, hot, netuid);
                const expected =
                  total === 0n ? 0n : (mine * TotalHotkeyAlpha.get(c.state, hot, netuid)) / total;
                assert.equal(stakeOf(c.state, hot, cold, netuid), expected);
                const info = getStakeInfoForColdkey(c.state, cold).find(
                  (i) => i.netuid === netuid && i.hotkey === hot,
                );
                assert.equal(info?.stake ?? 0n, expected);
                value += expected;
                if (mine > 0n) holders++;
              }
              assert.equal(shares, TotalHotkeySharesV2.get(c.state, hot, netuid));
              const pool = TotalHotkeyAlpha.get(c.state, hot, netuid);
              assert.ok(value <= pool && pool - value <= holders, `${value} of ${pool}`);
            }
          }
          const info = getDelegate(c.state, hot);
          if (info) for (const n of info.nominators) for (const p of n.stakes) assert.ok(p.stake > 0n);
        },
      ),
      { numRuns: 10 },
    );
  });
});
