/**
 * dTAO staking through real transactions on a TestChain: add_stake / remove_stake and their limit
 * versions, unstake_all, move/transfer/swap_stake; the pool bookkeeping of chain.md §5.4, the error
 * order of the reference's validate_add_stake / validate_remove_stake, and conservation properties.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { cryptoReady } from "../crypto.js";
import { freeBalance } from "../pallets/balances.js";
import { quoteBuy } from "../pool.js";
import { increaseStake, stakeOf } from "../stake.js";
import { State } from "../state/state.js";
import {
  Account,
  AlphaV2,
  FeeRate,
  FirstEmissionBlockNumber,
  NetworksAdded,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetEmissionEnabled,
  SubnetTAO,
  TotalHotkeyAlpha,
  TotalHotkeySharesV2,
  TotalIssuance,
  TotalStake,
  TransferToggle,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import type { ChainEvent } from "../types.js";
import { DEFAULT_MIN_STAKE, decreaseStake, maxAddAmount, priceRao, quoteSell } from "./staking.js";
import { registerSubnet } from "./subnets/testkit.js";

const OWNER_HOT = "//Alice/sn";

/** TotalIssuance − (Σ free + Σ SubnetTAO): 0 when TAO is conserved. */
function conservationGap(s: State): bigint {
  let total = 0n;
  for (const a of Account.keys(s)) total += Account.get(s, a).free;
  for (const n of NetworksAdded.keys(s)) total += SubnetTAO.get(s, Number(n));
  return TotalIssuance.get(s) - total;
}

/** A dev chain with a started dynamic subnet (owner //Alice, hotkey //Alice/sn); its emission is off
 * (no first emission block) so that its reserves only move with the stake operations. */
async function chain(start = true): Promise<{ c: TestChain; net: number; hot: string }> {
  const c = await TestChain.create();
  const net = registerSubnet(c, "//Alice", OWNER_HOT);
  if (start) c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: net })));
  quiet(c, net);
  return { c, net, hot: c.addr(OWNER_HOT) };
}

function quiet(c: TestChain, net: number): void {
  SubnetEmissionEnabled.set(c.state, net, false);
  FirstEmissionBlockNumber.set(c.state, net, null);
}

const free = (c: TestChain, uri: string) => freeBalance(c.state, c.addr(uri));
const stakingEvents = (events: readonly ChainEvent[]) =>
  events.filter((e) => e.name === "StakeAdded" || e.name === "StakeRemoved");

describe("staking: add_stake", () => {
  before(cryptoReady);

  it("swaps the TAO through the pool, credits the alpha and pays the fee to the author (§5.4)", async () => {
    const { c, net, hot } = await chain();
    const amount = 10n * TAO;
    const bob = c.addr("//Bob");
    const x = SubnetAlphaIn.get(c.state, net);
    const y = SubnetTAO.get(c.state, net);
    const alphaOut = SubnetAlphaOut.get(c.state, net);
    const total = TotalStake.get(c.state);
    const bobBefore = free(c, "//Bob");
    const authorBefore = freeBalance(c.state, c.author.address);
    const rate = BigInt(FeeRate.get(c.state, net));
    const fee = (amount * rate) / 65535n;
    const alpha = (x * (amount - fee)) / (y + amount - fee);
    assert.ok(fee > 0n);
    const r = c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: amount })),
    );
    const txFee = r.receipts[0]?.fee ?? 0n;
    assert.equal(bobBefore - free(c, "//Bob"), amount + txFee);
    assert.equal(freeBalance(c.state, c.author.address) - authorBefore, fee + txFee);
    assert.equal(SubnetTAO.get(c.state, net), y + amount - fee);
    assert.equal(SubnetAlphaIn.get(c.state, net), x - alpha);
    assert.equal(SubnetAlphaOut.get(c.state, net), alphaOut + alpha);
    assert.equal(TotalStake.get(c.state), total + amount);
    // the first staker of the hotkey's pool: one share per alpha
    assert.equal(stakeOf(c.state, hot, bob, net), alpha);
    assert.equal(AlphaV2.get(c.state, `${hot}/${bob}`, net), alpha);
    assert.equal(TotalHotkeySharesV2.get(c.state, hot, net), alpha);
    assert.deepEqual(stakingEvents(r.events), [
      {
        pallet: "SubtensorModule",
        name: "StakeAdded",
        data: { coldkey: bob, hotkey: hot, tao: amount, alpha, netuid: net, fee },
      },
    ]);
    assert.equal(conservationGap(c.state), 0n);
  });

  it("stakes 1:1 without fee on root", async () => {
    const { c, hot } = await chain();
    const bob = c.addr("//Bob");
    const y = SubnetTAO.get(c.state, 0);
    const r = c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: 5n * TAO })),
    );
    assert.equal(stakeOf(c.state, hot, bob, 0), 5n * TAO);
    assert.equal(SubnetTAO.get(c.state, 0), y + 5n * TAO);
    assert.equal(stakingEvents(r.events)[0]?.data.fee, 0n);
    assert.equal(conservationGap(c.state), 0n);
  });

  it("fails in the reference's order: SubnetNotExists, SubtokenDisabled, AmountTooLow, NotEnoughBalanceToStake, HotKeyAccountNotExists, InsufficientLiquidity", async () => {
    const { c, net, hot } = await chain(false);
    const add = (args: Record<string, unknown>, who = "//Bob") =>
      c.block(c.tx(who, "subtensor", "add_stake", { hotkey: hot, netuid: net, ...args }));
    c.expectError(add({ netuid: 9, amount_staked: 0 }), "SubnetNotExists");
    c.expectError(add({ amount_staked: 0 }), "SubtokenDisabled");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: net })));
    quiet(c, net);
    const min = DEFAULT_MIN_STAKE + quoteBuy(c.state, net, DEFAULT_MIN_STAKE).fee;
    assert.equal(min, 2_000_000n + (2_000_000n * 33n) / 65535n);
    c.expectError(add({ amount_staked: min - 1n }), "AmountTooLow");
    c.expectOk(add({ amount_staked: min }));
    const bobFree = free(c, "//Bob");
    const ed = c.spec.params.existentialDeposit;
    c.expectError(add({ amount_staked: bobFree - ed + 1n }), "NotEnoughBalanceToStake");
    c.expectError(
      add({ hotkey: c.addr("//Nobody"), amount_staked: bobFree + 1n }),
      "NotEnoughBalanceToStake",
    );
    c.expectError(add({ hotkey: c.addr("//Nobody"), amount_staked: TAO }), "HotKeyAccountNotExists");
    // a shallow pool: the alpha reserve is below MinimumReserve, the swap is refused
    SubnetAlphaIn.set(c.state, net, 999_999n);
    c.expectError(add({ amount_staked: 100n * TAO }), "InsufficientLiquidity");
  });
});

describe("staking: remove_stake", () => {
  before(cryptoReady);

  it("sells the alpha, burns the shares, returns the TAO and sells the fee for the author (§5.4)", async () => {
    const { c, net, hot } = await chain();
    const bob = c.addr("//Bob");
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 20n * TAO }),
      ),
    );
    const held = stakeOf(c.state, hot, bob, net);
    const sell = held / 3n;
    const x = SubnetAlphaIn.get(c.state, net);
    const y = SubnetTAO.get(c.state, net);
    const alphaOut = SubnetAlphaOut.get(c.state, net);
    const total = TotalStake.get(c.state);
    const q = quoteSell(c.state, net, sell);
    assert.ok(q !== null);
    const feeAlpha = (sell * 33n) / 65535n;
    const out = (y * (sell - feeAlpha)) / (x + sell - feeAlpha);
    assert.equal(q.out, out);
    const bobBefore = free(c, "//Bob");
    const authorBefore = freeBalance(c.state, c.author.address);
    const r = c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake", { hotkey: hot, netuid: net, amount_unstaked: sell }),
      ),
    );
    const txFee = r.receipts[0]?.fee ?? 0n;
    assert.equal(free(c, "//Bob") - bobBefore, out - txFee);
    assert.equal(freeBalance(c.state, c.author.address) - authorBefore, q.feeTao + txFee);
    assert.equal(SubnetAlphaIn.get(c.state, net), x + sell);
    assert.equal(SubnetAlphaOut.get(c.state, net), alphaOut - sell);
    assert.equal(SubnetTAO.get(c.state, net), y - out - q.feeTao);
    assert.equal(TotalStake.get(c.state), total - out - q.feeTao);
    assert.equal(stakeOf(c.state, hot, bob, net), held - sell);
    assert.deepEqual(stakingEvents(r.events)[0]?.data, {
      coldkey: bob,
      hotkey: hot,
      tao: out,
      alpha: sell,
      netuid: net,
      fee: q.feeTao,
    });
    // everything that is left
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: held - sell,
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    assert.equal(AlphaV2.get(c.state, `${hot}/${bob}`, net), 0n);
    assert.equal(conservationGap(c.state), 0n);
  });

  it("fails with SubnetNotExists, AmountTooLow, NotEnoughStakeToWithdraw, and AmountTooLow for a small partial unstake", async () => {
    const { c, net, hot } = await chain();
    const remove = (args: Record<string, unknown>) =>
      c.block(c.tx("//Bob", "subtensor", "remove_stake", { hotkey: hot, netuid: net, ...args }));
    c.expectError(remove({ netuid: 9, amount_unstaked: 1 }), "SubnetNotExists");
    c.expectError(remove({ amount_unstaked: 0 }), "AmountTooLow");
    c.expectError(remove({ amount_unstaked: 1 }), "NotEnoughStakeToWithdraw");
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: TAO })),
    );
    const held = stakeOf(c.state, hot, c.addr("//Bob"), net);
    c.expectError(remove({ amount_unstaked: held + 1n }), "NotEnoughStakeToWithdraw");
    c.expectError(remove({ amount_unstaked: 1_000n }), "AmountTooLow");
    c.expectOk(remove({ amount_unstaked: held }));
  });
});

describe("staking: share pool decrease", () => {
  it("burns shares at the pool ratio, rounded up against the withdrawer", async () => {
    const c = await TestChain.create();
    const s = c.state;
    increaseStake(s, "h", "a", 1, 1_000n);
    increaseStake(s, "h", "b", 1, 2_000n);
    // dividends: the pool is worth 3 001 for 3 000 shares
    TotalHotkeyAlpha.set(s, "h", 1, 3_001n);
    assert.equal(stakeOf(s, "h", "a", 1), 1_000n);
    assert.equal(decreaseStake(s, "h", "a", 1, 500n), 500n);
    // ceil(500 · 3000 / 3001) = 500 shares burnt
    assert.equal(AlphaV2.get(s, "h/a", 1), 500n);
    assert.equal(TotalHotkeySharesV2.get(s, "h", 1), 2_500n);
    assert.equal(TotalHotkeyAlpha.get(s, "h", 1), 2_501n);
    // never more than the position is worth: 500 shares of 2 500 in a pool of 2 501
    assert.equal(decreaseStake(s, "h", "a", 1, 10_000n), 500n);
    assert.equal(AlphaV2.get(s, "h/a", 1), 0n);
    assert.equal(stakeOf(s, "h", "b", 1), 2_001n);
  });

  it("never lets the withdrawer take more than its value over random pools", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 2n * 10n ** 15n }),
        (a, b, divs, take) => {
          const s = State.empty();
          increaseStake(s, "h", "a", 1, a);
          increaseStake(s, "h", "b", 1, b);
          TotalHotkeyAlpha.update(s, "h", 1, (v) => v + divs);
          const worthA = stakeOf(s, "h", "a", 1);
          const worthB = stakeOf(s, "h", "b", 1);
          const removed = decreaseStake(s, "h", "a", 1, take);
          assert.equal(removed, [take, worthA].sort((p, q) => (p < q ? -1 : 1))[0]);
          // what a keeps plus what it took never exceeds what it was worth; b loses nothing
          assert.ok(stakeOf(s, "h", "a", 1) + removed <= worthA);
          assert.ok(stakeOf(s, "h", "b", 1) >= worthB);
          assert.equal(
            TotalHotkeySharesV2.get(s, "h", 1),
            AlphaV2.get(s, "h/a", 1) + AlphaV2.get(s, "h/b", 1),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("staking: limit orders", () => {
  before(cryptoReady);

  it("add_stake_limit: PriceLimitExceeded past the limit, SlippageTooHigh fill-or-kill, partial fill up to the limit", async () => {
    const { c, net, hot } = await chain();
    const bob = c.addr("//Bob");
    const price = priceRao(c.state, net);
    const addLimit = (amount: bigint, limit: bigint, partial: boolean) =>
      c.block(
        c.tx("//Bob", "subtensor", "add_stake_limit", {
          hotkey: hot,
          netuid: net,
          amount_staked: amount,
          limit_price: limit,
          allow_partial: partial,
        }),
      );
    c.expectError(addLimit(TAO, price / 2n, true), "PriceLimitExceeded");
    const limit = (price * 11n) / 10n; // +10 %
    const max = maxAddAmount(c.state, net, limit);
    assert.ok(max > 0n && max < 1_000n * TAO);
    c.expectError(addLimit(max + TAO, limit, false), "SlippageTooHigh");
    const before = free(c, "//Bob");
    const r = c.expectOk(addLimit(max + TAO, limit, true));
    assert.equal(before - free(c, "//Bob"), max + (r.receipts[0]?.fee ?? 0n));
    const after = priceRao(c.state, net);
    assert.ok(after <= limit && after > price, `${price} -> ${after} (limit ${limit})`);
    assert.ok(stakeOf(c.state, hot, bob, net) > 0n);
  });

  it("remove_stake_limit: sells only down to the limit with allow_partial", async () => {
    const { c, net, hot } = await chain();
    const bob = c.addr("//Bob");
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 500n * TAO }),
      ),
    );
    const held = stakeOf(c.state, hot, bob, net);
    const price = priceRao(c.state, net);
    const removeLimit = (amount: bigint, limit: bigint, partial: boolean) =>
      c.block(
        c.tx("//Bob", "subtensor", "remove_stake_limit", {
          hotkey: hot,
          netuid: net,
          amount_unstaked: amount,
          limit_price: limit,
          allow_partial: partial,
        }),
      );
    c.expectError(removeLimit(held, price * 2n, true), "PriceLimitExceeded");
    const limit = (price * 95n) / 100n;
    c.expectError(removeLimit(held, limit, false), "SlippageTooHigh");
    c.expectOk(removeLimit(held, limit, true));
    const after = priceRao(c.state, net);
    assert.ok(after >= limit - 1n && after < price, `${price} -> ${after} (limit ${limit})`);
    const left = stakeOf(c.state, hot, bob, net);
    assert.ok(left > 0n && left < held);
    assert.equal(conservationGap(c.state), 0n);
  });
});

describe("staking: unstake_all and stake transitions", () => {
  before(cryptoReady);

  it("unstake_all sells every subnet's stake of the hotkey", async () => {
    const { c, net, hot } = await chain();
    const bob = c.addr("//Bob");
    c.expectError(c.block(c.tx("//Bob", "subtensor", "unstake_all", { hotkey: hot })), "AmountTooLow");
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 3n * TAO }),
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: 2n * TAO }),
      ),
    );
    const r = c.expectOk(c.block(c.tx("//Bob", "subtensor", "unstake_all", { hotkey: hot })));
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    assert.equal(stakeOf(c.state, hot, bob, 0), 0n);
    assert.deepEqual(
      stakingEvents(r.events).map((e) => [e.name, e.data.netuid]),
      [
        ["StakeRemoved", 0],
        ["StakeRemoved", net],
      ],
    );
    assert.equal(conservationGap(c.state), 0n);
  });

  it("move_stake within a subnet moves shares without a swap; SameNetuid for a no-op", async () => {
    const { c, net, hot } = await chain();
    const bob = c.addr("//Bob");
    const other = c.addr("//Bob/sn");
    c.expectOk(c.block(c.tx("//Bob", "subtensor", "register_network", { hotkey: other })));
    quiet(c, net);
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 3n * TAO })),
    );
    const held = stakeOf(c.state, hot, bob, net);
    const x = SubnetAlphaIn.get(c.state, net);
    const move = (args: Record<string, unknown>) =>
      c.block(
        c.tx("//Bob", "subtensor", "move_stake", {
          origin_hotkey: hot,
          destination_hotkey: other,
          origin_netuid: net,
          destination_netuid: net,
          alpha_amount: held,
          ...args,
        }),
      );
    c.expectError(move({ destination_hotkey: hot }), "SameNetuid");
    c.expectError(move({ alpha_amount: held + 1n }), "NotEnoughStakeToWithdraw");
    const r = c.expectOk(move({}));
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    assert.equal(stakeOf(c.state, other, bob, net), held);
    assert.equal(SubnetAlphaIn.get(c.state, net), x);
    assert.ok(r.events.some((e) => e.name === "StakeMoved"));
  });

  it("swap_stake sells on one subnet and buys on the other; transfer_stake obeys TransferToggle", async () => {
    const { c, net, hot } = await chain();
    const bob = c.addr("//Bob");
    const charlie = c.addr("//Charlie");
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 4n * TAO })),
    );
    const held = stakeOf(c.state, hot, bob, net);
    const q = quoteSell(c.state, net, held);
    assert.ok(q !== null);
    const rootBefore = SubnetTAO.get(c.state, 0);
    const total = TotalStake.get(c.state);
    const r = c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "swap_stake", {
          hotkey: hot,
          origin_netuid: net,
          destination_netuid: 0,
          alpha_amount: held,
        }),
      ),
    );
    assert.equal(stakeOf(c.state, hot, bob, net), 0n);
    assert.equal(stakeOf(c.state, hot, bob, 0), q.out);
    assert.equal(SubnetTAO.get(c.state, 0), rootBefore + q.out);
    assert.equal(TotalStake.get(c.state), total - q.feeTao);
    assert.ok(r.events.some((e) => e.name === "StakeSwapped"));
    c.expectError(
      c.block(
        c.tx("//Bob", "subtensor", "swap_stake", {
          hotkey: hot,
          origin_netuid: 0,
          destination_netuid: 0,
          alpha_amount: 1,
        }),
      ),
      "SameNetuid",
    );
    TransferToggle.set(c.state, 0, false);
    const transfer = () =>
      c.block(
        c.tx("//Bob", "subtensor", "transfer_stake", {
          destination_coldkey: charlie,
          hotkey: hot,
          origin_netuid: 0,
          destination_netuid: 0,
          alpha_amount: TAO,
        }),
      );
    c.expectError(transfer(), "TransferDisallowed");
    TransferToggle.set(c.state, 0, true);
    c.expectOk(transfer());
    assert.equal(stakeOf(c.state, hot, charlie, 0), TAO);
    assert.equal(stakeOf(c.state, hot, bob, 0), q.out - TAO);
    assert.equal(conservationGap(c.state), 0n);
  });
});

describe("staking: properties", () => {
  before(cryptoReady);

  it("conserves TAO and gives no free money over random add/remove sequences", async () => {
    const ops = fc.array(
      fc.record({
        who: fc.constantFrom("//Bob", "//Charlie"),
        root: fc.boolean(),
        add: fc.boolean(),
        tao: fc.bigInt({ min: 2_100_000n, max: 200n * TAO }),
        part: fc.integer({ min: 1, max: 100 }),
      }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(ops, async (seq) => {
        const { c, net, hot } = await chain();
        const poolTao = SubnetTAO.get(c.state, net);
        const initial = new Map(["//Bob", "//Charlie"].map((u) => [u, free(c, u)]));
        const paid = new Map<string, bigint>([
          ["//Bob", 0n],
          ["//Charlie", 0n],
        ]);
        for (const op of seq) {
          const netuid = op.root ? 0 : net;
          const held = stakeOf(c.state, hot, c.addr(op.who), netuid);
          const tx = op.add
            ? c.tx(op.who, "subtensor", "add_stake", { hotkey: hot, netuid, amount_staked: op.tao })
            : c.tx(op.who, "subtensor", "remove_stake", {
                hotkey: hot,
                netuid,
                amount_unstaked: op.part === 100 ? held : (held * BigInt(op.part)) / 100n,
              });
          const r = c.block(tx);
          assert.equal(r.rejected.length, 0);
          paid.set(op.who, (paid.get(op.who) ?? 0n) + (r.receipts[0]?.fee ?? 0n));
          assert.equal(conservationGap(c.state), 0n);
        }
        // close every position. With no emission, the stakers together cannot end with more TAO than
        // they started with (one may gain from another's buy, never from the pool), and the pool ends
        // with at least the TAO it started with.
        let gain = 0n;
        for (const who of ["//Bob", "//Charlie"]) {
          for (const netuid of [0, net]) {
            const held = stakeOf(c.state, hot, c.addr(who), netuid);
            if (held === 0n) continue;
            const r = c.block(
              c.tx(who, "subtensor", "remove_stake", { hotkey: hot, netuid, amount_unstaked: held }),
            );
            c.expectOk(r);
            paid.set(who, (paid.get(who) ?? 0n) + (r.receipts[0]?.fee ?? 0n));
          }
          gain += free(c, who) + (paid.get(who) ?? 0n) - (initial.get(who) ?? 0n);
        }
        assert.ok(gain <= 0n, `the stakers gained ${gain} rao`);
        assert.ok(SubnetTAO.get(c.state, net) >= poolTao, "the pool lost TAO");
        assert.equal(conservationGap(c.state), 0n);
      }),
      { numRuns: 6 },
    );
  });
});
