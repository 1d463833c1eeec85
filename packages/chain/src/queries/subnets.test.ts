/** Subnet queries (chain.md §11, §13, §16) over states built with real transactions. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import { increaseStake } from "../stake.js";
import {
  Account,
  NetworkLastRegistered,
  PendingServerEmission,
  PendingValidatorEmission,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetMovingPrice,
  SubnetProtocolAlpha,
  SubnetTAO,
  SubnetworkN,
  SwapBalancer,
  TotalIssuance,
  ValidatorPermit,
} from "../storage.js";
import { adminCall, expectAdminOk, registerSubnet } from "../subtensor/subnets/testkit.js";
import { TAO, TestChain } from "../testing/chain.js";
import {
  activityCutoffBlocks,
  getAllDynamicInfo,
  getDynamicInfo,
  getNetworkLockCost,
  getNetworkTotals,
  getSubnetHyperparamsV3,
  getSubnetInfo,
  getSubnetsInfo,
  getSwapQuote,
} from "./subnets.js";

const MIN_LOCK = 1_000n * TAO;

async function twoSubnets() {
  const c = await TestChain.create();
  expectAdminOk(adminCall(c, "root", "sudo_set_network_rate_limit", { rate_limit: 0 }));
  registerSubnet(c, "//Alice", "//Alice/sn1");
  c.expectOk(
    c.block(
      c.tx("//Bob", "subtensor", "register_network_with_identity", {
        hotkey: c.addr("//Bob/sn2"),
        identity: { subnet_name: "bobnet" },
      }),
    ),
  );
  return c;
}

describe("queries: subnets", () => {
  before(cryptoReady);

  it("subnet info of root and a new subnet; null for a missing one", async () => {
    const c = await twoSubnets();
    const info = getSubnetInfo(c.state, 2);
    assert.ok(info);
    assert.equal(info.netuid, 2);
    assert.equal(info.owner, c.addr("//Bob"));
    assert.equal(info.identity?.subnetName, "bobnet");
    assert.equal(info.subnetworkN, 1);
    assert.equal(info.maxAllowedUids, 256);
    assert.equal(info.maxAllowedValidators, 64);
    assert.equal(info.tempo, c.spec.params.initialTempo);
    assert.equal(getSubnetInfo(c.state, 3), null);
    assert.deepEqual(
      getSubnetsInfo(c.state).map((i) => i.netuid),
      [0, 1, 2],
    );
  });

  it("hyperparameters v3: the §11 names with typed values", async () => {
    const c = await twoSubnets();
    const hp = getSubnetHyperparamsV3(c.state, 1);
    assert.ok(hp);
    const get = (name: string) => hp.find((h) => h.name === name)?.value;
    assert.equal(new Set(hp.map((h) => h.name)).size, hp.length);
    assert.equal(get("tempo"), c.spec.params.initialTempo);
    assert.equal(get("immunity_period"), c.spec.params.immunityPeriod);
    assert.equal(get("max_validators"), 64);
    assert.equal(get("max_uids"), 256);
    assert.equal(get("min_allowed_weights"), 1);
    assert.equal(get("max_weights_limit"), 65_535);
    assert.equal(get("yuma_version"), 3);
    assert.equal(get("subnet_is_active"), false);
    assert.equal(get("subnet_emission_enabled"), c.spec.params.subnetEmissionEnabledByDefault);
    assert.equal(get("commit_reveal_weights_enabled"), c.spec.params.commitRevealEnabled);
    assert.equal(get("activity_cutoff"), activityCutoffBlocks(c.state, 1));
    // 13 889 ‰ of the dev tempo 10: 138 blocks
    assert.equal(get("activity_cutoff"), Math.floor((13_889 * c.spec.params.initialTempo) / 1000));
    assert.equal(get("weights_version"), 0n);
    assert.equal(getSubnetHyperparamsV3(c.state, 9), null);
  });

  it("dynamic info: pool, price, market cap, pending emission, names", async () => {
    const c = await twoSubnets();
    PendingServerEmission.set(c.state, 1, 7n);
    PendingValidatorEmission.set(c.state, 1, 5n);
    SubnetMovingPrice.set(c.state, 1, 123n);
    SubnetAlphaOut.set(c.state, 1, 500n * TAO);
    const d = getDynamicInfo(c.state, 1);
    assert.ok(d);
    assert.equal(d.ownerColdkey, c.addr("//Alice"));
    assert.equal(d.ownerHotkey, c.addr("//Alice/sn1"));
    assert.equal(d.tokenSymbol, "α");
    assert.equal(d.subnetName, "apex");
    assert.equal(d.taoIn, MIN_LOCK);
    assert.equal(d.alphaIn, MIN_LOCK);
    assert.equal(d.price, 1n << 32n);
    assert.equal(d.marketCap, MIN_LOCK + 500n * TAO);
    assert.equal(d.pendingAlphaEmission, 12n);
    assert.equal(d.movingPrice, 123n);
    assert.equal(d.priceRao, TAO);
    assert.equal(d.poolQuoteWeight, 500_000_000_000_000_000n);
    assert.equal(d.feeRate, 33);
    SubnetProtocolAlpha.set(c.state, 1, 20n * TAO);
    const d2 = getDynamicInfo(c.state, 1);
    assert.equal(d2?.alphaProtocol, 20n * TAO);
    assert.equal(d2?.alphaStaked, 480n * TAO);
    // with the TAO weight at 0.25 the same reserves price at 3 TAO per alpha
    SwapBalancer.set(c.state, 1, 250_000_000_000_000_000n);
    assert.equal(getDynamicInfo(c.state, 1)?.priceRao, 3n * TAO);
    assert.equal(getDynamicInfo(c.state, 2)?.subnetName, "bobnet");
    const root = getDynamicInfo(c.state, 0);
    assert.equal(root?.tokenSymbol, "Τ");
    assert.equal(root?.subnetName, "root");
    assert.deepEqual(
      getAllDynamicInfo(c.state).map((i) => i.netuid),
      [0, 1, 2],
    );
  });

  it("lock cost at the state's block, or a given block", async () => {
    const c = await twoSubnets();
    const last = NetworkLastRegistered.get(c.state);
    assert.equal(last, c.number);
    assert.equal(getNetworkLockCost(c.state), 2n * (2n * MIN_LOCK - 9_920_634n));
    assert.equal(getNetworkLockCost(c.state, last + 1), 2n * (2n * MIN_LOCK - 9_920_634n) - 19_841_171n);
  });

  it("network totals (§16): subnets, neurons, validators, miners, accounts, TAO figures, market caps", async () => {
    const c = await twoSubnets();
    // subnet 1 gets three neurons, one with a permit; root gets stake that must not count as a pool
    SubnetworkN.set(c.state, 1, 3);
    ValidatorPermit.set(c.state, 1, [true, false, false]);
    SubnetTAO.set(c.state, 0, 5n * TAO);
    SubnetAlphaIn.set(c.state, 2, SubnetTAO.get(c.state, 2) / 2n);
    increaseStake(c.state, c.addr("//Bob/sn2"), c.addr("//Bob"), 2, 1n);
    const t = getNetworkTotals(c.state);
    assert.equal(t.subnets, 2);
    assert.equal(t.neurons, 4);
    assert.equal(t.validators, 1);
    assert.equal(t.miners, 3);
    const accounts = Account.keys(c.state).filter((a) => Account.get(c.state, a).free > 0n).length;
    assert.equal(t.accountsWithBalance, accounts);
    assert.ok(accounts >= 7, "six dev accounts and the block author");
    assert.equal(t.taoIssued, TotalIssuance.get(c.state));
    const pool2 = SubnetTAO.get(c.state, 2);
    assert.equal(t.taoInPools, MIN_LOCK + pool2);
    assert.equal(t.rootStake, 5n * TAO);
    // subnet 1 at price 1: cap = its alpha in; subnet 2 at price 2: cap = 2 × its alpha in = its TAO
    assert.equal(t.subnetMarketCapSum, MIN_LOCK + pool2);
  });

  it("swap quotes: a stake's alpha, fee, slippage and price impact; unstake the other way; null when refused", async () => {
    const c = await twoSubnets();
    const buy = getSwapQuote(c.state, 1, "buy", 10n * TAO);
    assert.ok(buy);
    assert.equal(buy.fee, (10n * TAO * 33n) / 65535n);
    assert.equal(buy.priceBefore, TAO);
    assert.ok(buy.priceAfter > buy.priceBefore);
    assert.ok(buy.priceImpact > 0n);
    // 1 000 TAO / 1 000 alpha at 0.5/0.5: x·Δy/(y+Δy) within the reference's rounding
    const net = 10n * TAO - buy.fee;
    const cp = (MIN_LOCK * net) / (MIN_LOCK + net);
    assert.ok(cp - buy.amountOut <= 1n && buy.amountOut <= cp);
    assert.equal(buy.slippage, net - buy.amountOut);
    const sell = getSwapQuote(c.state, 1, "sell", 10n * TAO);
    assert.ok(sell && sell.priceImpact < 0n && sell.amountOut < 10n * TAO);
    assert.equal(getSwapQuote(c.state, 0, "buy", 10n * TAO)?.amountOut, 10n * TAO);
    assert.equal(getSwapQuote(c.state, 9, "buy", TAO), null);
    SubnetAlphaIn.set(c.state, 1, 999_999n);
    assert.equal(getSwapQuote(c.state, 1, "buy", TAO), null);
  });
});
