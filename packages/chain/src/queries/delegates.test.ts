/**
 * The delegation queries (`get_delegates`, `get_delegate`, `get_delegated`, `get_stake_info_for_coldkey`)
 * over a TestChain with real stake transactions; `return_per_1000_tao` ported from the reference's
 * `tests/delegate_info.rs` (18 % take, 1 000 000 TAO staked, 100 TAO a day ⇒ ≈ 0.082 TAO per 1 000).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import * as chain from "../index.js";
import { stakeOf } from "../stake.js";
import {
  Delegates,
  Emission,
  FirstEmissionBlockNumber,
  SubnetEmissionEnabled,
  Tempo,
  Uids,
  ValidatorPermit,
} from "../storage.js";
import { AlphaDividendsPerSubnet } from "../subtensor/coinbase/storage.js";
import { registerSubnet } from "../subtensor/subnets/testkit.js";
import { TAO, TestChain } from "../testing/chain.js";
import {
  getDelegate,
  getDelegated,
  getDelegates,
  getStakeInfoForColdkey,
  getStakeInfoForColdkeys,
  getStakeInfoForHotkeyColdkeyNetuid,
  returnPer1000Tao,
} from "./delegates.js";

async function setup() {
  const c = await TestChain.create();
  const net = registerSubnet(c, "//Alice", "//Alice/sn");
  c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: net })));
  SubnetEmissionEnabled.set(c.state, net, false);
  FirstEmissionBlockNumber.set(c.state, net, null);
  return { c, net, hot: c.addr("//Alice/sn"), alice: c.addr("//Alice"), bob: c.addr("//Bob") };
}

describe("delegate queries", () => {
  before(cryptoReady);

  it("test_return_per_1000_tao: 18 % take, 1 000 000 TAO, 100 TAO a day ⇒ 0.082 TAO per 1 000", () => {
    const raw = returnPer1000Tao(11_796, 1_000_000n * TAO, (100n * TAO) << 64n);
    const value = Number(raw >> 64n) / 1e9;
    assert.ok(Math.abs(value - 0.082) < 0.0001, `${value}`);
    assert.equal(returnPer1000Tao(11_796, 0n, (100n * TAO) << 64n), 0n);
  });

  it("get_delegate: a hotkey becomes a delegate with a take entry or a nominator", async () => {
    const { c, net, hot, alice, bob } = await setup();
    // only the owner's own stake (if any): not a delegate yet
    assert.equal(getDelegate(c.state, hot), null);
    assert.equal(getDelegate(c.state, c.addr("//Nobody")), null);
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 10n * TAO }),
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: 1_000n * TAO }),
      ),
    );
    const info = getDelegate(c.state, hot);
    assert.ok(info);
    assert.equal(info.delegate, hot);
    assert.equal(info.owner, alice);
    assert.equal(info.take, 11_796);
    assert.deepEqual(info.registrations, [net]);
    const bobs = info.nominators.find((n) => n.coldkey === bob);
    assert.deepEqual(bobs?.stakes, [
      { netuid: 0, stake: 1_000n * TAO },
      { netuid: net, stake: stakeOf(c.state, hot, bob, net) },
    ]);
    // every nominator's stakes add up to the hotkey's pools (up to share rounding)
    for (const { netuid, stake } of info.totalStake) {
      const sum = info.nominators.reduce(
        (a, n) => a + (n.stakes.find((p) => p.netuid === netuid)?.stake ?? 0n),
        0n,
      );
      assert.ok(sum <= stake && stake - sum <= BigInt(info.nominators.length), `${sum} of ${stake}`);
    }
    // a take set explicitly makes a delegate even without nominators
    registerSubnet(c, "//Charlie", "//Charlie/sn");
    const other = c.addr("//Charlie/sn");
    assert.equal(getDelegate(c.state, other), null);
    c.expectOk(c.block(c.tx("//Charlie", "subtensor", "decrease_take", { hotkey: other, take: 5_000 })));
    assert.equal(getDelegate(c.state, other)?.take, 5_000);
    assert.deepEqual(
      getDelegates(c.state).map((d) => d.delegate),
      [hot, other].sort(),
    );
    assert.equal(chain.getDelegates, getDelegates);
  });

  it("validator permits, daily emission and return per 1 000 TAO of root stake", async () => {
    const { c, net, hot } = await setup();
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: 1_000n * TAO }),
      ),
    );
    const uid = Uids.get(c.state, net, hot);
    assert.equal(uid, 0);
    ValidatorPermit.set(c.state, net, [true]);
    Emission.set(c.state, net, [TAO]);
    Tempo.set(c.state, net, 360);
    Delegates.set(c.state, hot, 6_553);
    const info = getDelegate(c.state, hot);
    assert.ok(info);
    assert.deepEqual(info.validatorPermits, [net]);
    // 1 TAO per epoch, 20 epochs a day
    assert.ok(info.totalDailyReturn >= 20n * TAO - 1n && info.totalDailyReturn <= 20n * TAO);
    const rootStake = info.totalStake.find((p) => p.netuid === 0)?.stake ?? 0n;
    // 20 TAO · (1 − 6553/65535) per (root stake / 1 000 TAO)
    const expected = (20n * TAO * (65_535n - 6_553n) * 1_000n * TAO) / (65_535n * rootStake);
    const diff =
      info.returnPer1000 > expected ? info.returnPer1000 - expected : expected - info.returnPer1000;
    assert.ok(diff <= 2n, `${info.returnPer1000} vs ${expected}`);
  });

  it("get_stake_info_for_coldkey(s) and get_delegated", async () => {
    const { c, net, hot, bob } = await setup();
    c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: net, amount_staked: 10n * TAO }),
        c.tx("//Bob", "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: 2n * TAO }),
      ),
    );
    AlphaDividendsPerSubnet.set(c.state, net, hot, 12_345n);
    const alpha = stakeOf(c.state, hot, bob, net);
    const infos = getStakeInfoForColdkey(c.state, bob);
    assert.deepEqual(infos, [
      {
        hotkey: hot,
        coldkey: bob,
        netuid: 0,
        stake: 2n * TAO,
        locked: 0n,
        emission: 0n,
        taoEmission: 0n,
        drain: 0n,
        isRegistered: false,
      },
      {
        hotkey: hot,
        coldkey: bob,
        netuid: net,
        stake: alpha,
        locked: 0n,
        emission: 12_345n,
        taoEmission: 0n,
        drain: 0n,
        isRegistered: true,
      },
    ]);
    assert.deepEqual(getStakeInfoForColdkeys(c.state, [bob, c.addr("//Eve")]), [
      [bob, infos],
      [c.addr("//Eve"), []],
    ]);
    assert.deepEqual(getStakeInfoForHotkeyColdkeyNetuid(c.state, hot, bob, net), infos[1]);
    assert.equal(getStakeInfoForHotkeyColdkeyNetuid(c.state, hot, c.addr("//Eve"), net).stake, 0n);
    const delegated = getDelegated(c.state, bob);
    assert.deepEqual(
      delegated.map(([d, p]) => [d.delegate, d.nominators.length, p.netuid, p.stake]),
      [
        [hot, 0, 0, 2n * TAO],
        [hot, 0, net, alpha],
      ],
    );
  });
});
