/**
 * End to end on a TestChain (dev preset: tempo 10, commit-reveal off): a started subnet with an owner,
 * two staked validators that weight two miners equally; after the epoch, the miners', validators' and
 * owner's stakes grew by the alpha the reference's arithmetic gives, and TAO stayed accounted for.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cryptoReady } from "../crypto.js";
import { spotPriceU64F64 } from "../pool.js";
import { stakeOf } from "../stake.js";
import {
  NetworkRateLimit,
  SubnetAlphaOutEmission,
  SubnetExcessTao,
  SubnetMovingPrice,
  SubnetTAO,
  SubnetTaoInEmission,
  SwapBalancer,
  TotalIssuance,
  Uids,
  ValidatorPermit,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import {
  addSubnet,
  registerNeuron,
  setWeightsRow,
  stakeTao,
  taoAccounted,
} from "../testing/coinbase-fixtures.js";

const NET = 1;
let c: TestChain;
const k = {} as Record<
  "owner" | "ownerHk" | "bob" | "bobHk" | "charlie" | "charlieHk" | "m1" | "m1Hk" | "m2" | "m2Hk",
  string
>;

/** Per block: alpha out 1 alpha; owner cut, then miners' and validators' halves (U96F32, floored). */
function perBlockSplit(alphaOut: bigint): { cut: bigint; server: bigint; validator: bigint } {
  const cutPct = (11_796n << 32n) / 65535n;
  const out = alphaOut << 32n;
  const cut = (out * cutPct) >> 32n;
  const rest = out - cut;
  const server = (rest * (1n << 31n)) >> 32n;
  return { cut: cut >> 32n, server: server >> 32n, validator: (rest - server) >> 32n };
}

const near = (actual: bigint, expected: bigint, eps: bigint, what: string) =>
  assert.ok(
    actual - expected <= eps && expected - actual <= eps,
    `${what}: ${actual} not within ${eps} of ${expected}`,
  );

describe("coinbase end to end (TestChain)", () => {
  before(async () => {
    c = await TestChain.create();
    Object.assign(k, {
      owner: c.addr("//Alice"),
      ownerHk: c.addr("//Alice/owner"),
      bob: c.addr("//Bob"),
      bobHk: c.addr("//Bob/validator"),
      charlie: c.addr("//Charlie"),
      charlieHk: c.addr("//Charlie/validator"),
      m1: c.addr("//Dave"),
      m1Hk: c.addr("//Dave/miner"),
      m2: c.addr("//Eve"),
      m2Hk: c.addr("//Eve/miner"),
    });
    const s = c.state;
    addSubnet(s, {
      netuid: NET,
      ownerColdkey: k.owner,
      ownerHotkey: k.ownerHk,
      tempo: 10,
      block: 0,
      tao: 1_000n * TAO,
      payer: k.owner,
      spec: c.spec,
    });
    registerNeuron(s, NET, k.bobHk, k.bob, 0);
    registerNeuron(s, NET, k.charlieHk, k.charlie, 0);
    registerNeuron(s, NET, k.m1Hk, k.m1, 0);
    registerNeuron(s, NET, k.m2Hk, k.m2, 0);
    stakeTao(s, c.spec, k.bob, k.bobHk, NET, 200n * TAO);
    stakeTao(s, c.spec, k.charlie, k.charlieHk, NET, 100n * TAO);
    // uids: 0 owner, 1 Bob, 2 Charlie, 3 and 4 miners; both validators weight both miners equally
    setWeightsRow(
      s,
      NET,
      1,
      [
        [3, 65535],
        [4, 65535],
      ],
      1,
    );
    setWeightsRow(
      s,
      NET,
      2,
      [
        [3, 65535],
        [4, 65535],
      ],
      1,
    );
    assert.equal(TotalIssuance.get(c.state), taoAccounted(c.state));
  });

  it("first epoch (block 10) gives the staked validators their permits", () => {
    c.advance(10);
    assert.deepEqual(ValidatorPermit.get(c.state, NET), [true, true, true, false, false]);
    assert.equal(TotalIssuance.get(c.state), taoAccounted(c.state));
  });

  it("second epoch (block 20): miners, validators and owner receive the expected alpha", () => {
    const before = {
      m1: stakeOf(c.state, k.m1Hk, k.m1, NET),
      m2: stakeOf(c.state, k.m2Hk, k.m2, NET),
      bob: stakeOf(c.state, k.bobHk, k.bob, NET),
      charlie: stakeOf(c.state, k.charlieHk, k.charlie, NET),
      owner: stakeOf(c.state, k.ownerHk, k.owner, NET),
    };
    c.advance(9);
    // blocks 11..20 each minted 1 alpha out (issuance far below the first halving)
    assert.equal(SubnetAlphaOutEmission.get(c.state, NET), 1_000_000_000n);
    const split = perBlockSplit(1_000_000_000n);
    const r = c.block();
    const epochRun = r.events.find((e) => e.name === "EpochRun");
    assert.ok(epochRun, "the epoch ran at block 20");
    const server = split.server * 10n;
    const validator = split.validator * 10n;
    assert.equal(epochRun.data.raoEmission, server + validator);

    // Miners: Yuma gives each 1/4 of the emission (incentive 1/2 each, normalized with dividends).
    const m1 = stakeOf(c.state, k.m1Hk, k.m1, NET) - before.m1;
    const m2 = stakeOf(c.state, k.m2Hk, k.m2, NET) - before.m2;
    near(m1, (server + validator) / 4n, 2n, "miner 1");
    near(m2, (server + validator) / 4n, 2n, "miner 2");
    // Validators: the pending validator alpha by stake (equal weights: Yuma 3 dividends ∝ stake); the
    // take and the rest of the dividends both go to the only staker of each hotkey.
    const bob = stakeOf(c.state, k.bobHk, k.bob, NET) - before.bob;
    const charlie = stakeOf(c.state, k.charlieHk, k.charlie, NET) - before.charlie;
    const staked = before.bob + before.charlie;
    near(bob, (validator * before.bob) / staked, 10n, "Bob");
    near(charlie, (validator * before.charlie) / staked, 10n, "Charlie");
    assert.ok(bob + charlie <= validator);
    // Owner: 18 % of every block's alpha.
    assert.equal(stakeOf(c.state, k.ownerHk, k.owner, NET) - before.owner, split.cut * 10n);
    assert.equal(TotalIssuance.get(c.state), taoAccounted(c.state));
  });
});

describe("coinbase end to end with real transactions (register_network, start_call, burned_register, set_weights)", () => {
  let c: TestChain;
  let netuid = 0;
  const uid = (hotkey: string) => Uids.get(c.state, netuid, c.addr(hotkey)) as number;

  before(async () => {
    c = await TestChain.create();
    // as the reference's mock: no chain-wide rate limit on registering networks
    NetworkRateLimit.set(c.state, 0);
    const r = c.expectOk(
      c.block(c.tx("//Alice", "subtensor", "register_network", { hotkey: c.addr("//Alice/owner") })),
    );
    netuid = r.events.find((e) => e.name === "NetworkAdded")?.data.netuid as number;
    assert.ok(netuid > 0);
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid })));
    for (const [cold, hot] of [
      ["//Bob", "//Bob/validator"],
      ["//Charlie", "//Charlie/validator"],
      ["//Dave", "//Dave/miner"],
      ["//Eve", "//Eve/miner"],
    ] as const) {
      c.expectOk(c.block(c.tx(cold, "subtensor", "burned_register", { netuid, hotkey: c.addr(hot) })));
    }
    // add_stake belongs to the staking issue: stake through the pool directly, paid by the coldkeys
    stakeTao(c.state, c.spec, c.addr("//Bob"), c.addr("//Bob/validator"), netuid, 200n * TAO);
    stakeTao(c.state, c.spec, c.addr("//Charlie"), c.addr("//Charlie/validator"), netuid, 100n * TAO);
    assert.equal(TotalIssuance.get(c.state), taoAccounted(c.state));
  });

  it("after an epoch gives the validators permits, their set_weights pay the miners at the next epoch", () => {
    // run to the first epoch after staking
    const epochAt = () =>
      c.history.at(-1)?.events.some((e) => e.name === "EpochRun" && e.data.netuid === netuid);
    for (let i = 0; i < 20 && !epochAt(); i++) c.block();
    assert.ok(epochAt(), "an epoch ran");
    const permits = ValidatorPermit.get(c.state, netuid);
    assert.equal(permits[uid("//Bob/validator")], true);
    assert.equal(permits[uid("//Charlie/validator")], true);

    const dests = [uid("//Dave/miner"), uid("//Eve/miner")];
    c.expectOk(
      c.block(
        c.tx("//Bob/validator", "subtensor", "set_weights", {
          netuid,
          dests,
          weights: [1, 1],
          version_key: 0,
        }),
        c.tx("//Charlie/validator", "subtensor", "set_weights", {
          netuid,
          dests,
          weights: [1, 1],
          version_key: 0,
        }),
      ),
    );
    const stake = (cold: string, hot: string) => stakeOf(c.state, c.addr(hot), c.addr(cold), netuid);
    const before = {
      dave: stake("//Dave", "//Dave/miner"),
      eve: stake("//Eve", "//Eve/miner"),
      bob: stake("//Bob", "//Bob/validator"),
      charlie: stake("//Charlie", "//Charlie/validator"),
    };
    for (let i = 0; i < 20 && !epochAt(); i++) c.block();
    const run = c.history.at(-1)?.events.find((e) => e.name === "EpochRun");
    assert.ok(run);
    assert.equal(SubnetTAO.get(c.state, 0), 0n); // no root stake: no root alpha
    const split = perBlockSplit(1_000_000_000n);
    const rao = (split.server + split.validator) * BigInt(c.spec.params.initialTempo);
    assert.equal(run.data.raoEmission, rao);
    near(stake("//Dave", "//Dave/miner") - before.dave, rao / 4n, 2n, "Dave");
    near(stake("//Eve", "//Eve/miner") - before.eve, rao / 4n, 2n, "Eve");
    const validator = split.validator * BigInt(c.spec.params.initialTempo);
    const staked = before.bob + before.charlie;
    near(stake("//Bob", "//Bob/validator") - before.bob, (validator * before.bob) / staked, 10n, "Bob");
    near(
      stake("//Charlie", "//Charlie/validator") - before.charlie,
      (validator * before.charlie) / staked,
      10n,
      "Charlie",
    );
    assert.equal(TotalIssuance.get(c.state), taoAccounted(c.state));
  });
});

describe("coinbase e2e: emission injection re-weights the pool", () => {
  before(cryptoReady);

  it("with root stake, a young subnet receives TAO and alpha in; the weights move and the price holds", async () => {
    const c = await TestChain.create();
    const hotkey = c.addr("//Alice/pool");
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "register_network", { hotkey })));
    c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: 1 })));
    // root stake makes the root proportion, hence the injection cap, non-zero
    c.expectOk(
      c.block(c.tx("//Bob", "subtensor", "add_stake", { hotkey, netuid: 0, amount_staked: 100_000n * TAO })),
    );
    // a moving price (a new subnet's starts at 0, and so does its emission share)
    SubnetMovingPrice.set(c.state, 1, 1n << 31n);
    let injected = 0n;
    for (let i = 0; i < 5; i++) {
      const before = spotPriceU64F64(c.state, 1);
      c.advance(1);
      const taoIn = SubnetTaoInEmission.get(c.state, 1);
      injected += taoIn;
      if (SubnetExcessTao.get(c.state, 1) === 0n) {
        // a pure injection: the price does not move (up to the 10^-18 rounding of the weight)
        const after = spotPriceU64F64(c.state, 1);
        const diff = after > before ? after - before : before - after;
        assert.ok(diff * 1_000_000_000_000n <= before, `price moved from ${before} to ${after}`);
      }
    }
    assert.ok(injected > 0n, "no TAO was injected");
    assert.notEqual(SwapBalancer.get(c.state, 1), 500_000_000_000_000_000n);
  });
});
