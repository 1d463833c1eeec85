/**
 * Neurons: ports of the reference's `tests/registration.rs` (newest: burn half-life decay and bump),
 * `tests/uids.rs` and `tests/serving.rs`, with their figures where they apply to the newest behaviour.
 * Figures that depend on the reference mock's block numbers are shifted to TestChain's (blocks start at
 * 1; the block hook runs before the block's transactions, as on_initialize does).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { transactionFee } from "../block.js";
import { cryptoReady } from "../crypto.js";
import { increaseStake } from "../stake.js";
import { State } from "../state/state.js";
import {
  Account,
  Active,
  Axons,
  BlockAtRegistration,
  Bonds,
  Burn,
  BurnHalfLife,
  BurnIncreaseMult,
  Consensus,
  Dividends,
  Emission,
  ImmuneOwnerUidsLimit,
  ImmunityPeriod,
  Incentive,
  IsNetworkMember,
  Keys,
  LastUpdate,
  MaxAllowedUids,
  MaxBurn,
  MaxRegistrationsPerBlock,
  MechanismCountCurrent,
  MinBurn,
  MinNonImmuneUids,
  NetworksAdded,
  Owner,
  Prometheus,
  RAORecycledForRegistration,
  RegistrationsThisBlock,
  RegistrationsThisInterval,
  ServingRateLimit,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetOwner,
  SubnetTAO,
  SubnetworkN,
  TargetRegistrationsPerInterval,
  Tempo,
  TotalIssuance,
  TotalStake,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
} from "../storage.js";
import { TAO, TestChain } from "../testing/chain.js";
import { isRegistered, setupSubnetForTest } from "../testing/subnet.js";
import type { BlockContext, CallContext, ChainEvent } from "../types.js";
import {
  appendNeuron,
  bumpBurnAfterRegistration,
  decayFactorQ32,
  getNeuronToPrune,
  immuneOwnerUids,
  isValidIpAddress,
  mulByQ32,
  NeuronCertificates,
  neuronsBlockStep,
  neuronsCalls,
  powQ32,
  replaceNeuron,
  U64_MAX,
} from "./neurons.js";

const NET = 2;
/** U64F64 raw bits of an integer. */
const u64f64 = (n: bigint) => n << 64n;
const ALICE = "//Alice";
/** A small, stable burn (MinBurn 0 so the clamp does not raise it). */
const SMALL = { burn: 1_000n, minBurn: 0n } as const;

/** Gives `uri` a free balance (direct state write, issuance kept consistent). */
function fund(c: TestChain, uri: string, free: bigint): void {
  const who = c.addr(uri);
  const acc = Account.get(c.state, who);
  TotalIssuance.update(c.state, (v) => v - acc.free + free);
  Account.set(c.state, who, { nonce: acc.nonce, free });
}

function register(c: TestChain, coldkey: string, hotkey: string, netuid = NET) {
  return c.tx(coldkey, "subtensor", "burned_register", { netuid, hotkey: c.addr(hotkey) });
}

describe("neurons: burned_register (registration.rs)", () => {
  before(cryptoReady);

  it("test_registration_ok: appends uid 0, sets the hotkey's owner, no stake, emits NeuronRegistered", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    const r = c.expectOk(c.block(register(c, "//Bob", "//Bob/h1")));
    assert.equal(SubnetworkN.get(c.state, NET), 1);
    const hotkey = c.addr("//Bob/h1");
    assert.equal(Owner.get(c.state, hotkey), c.addr("//Bob"));
    assert.equal(Uids.get(c.state, NET, hotkey), 0);
    assert.ok(isRegistered(c.state, NET, hotkey));
    assert.equal(BlockAtRegistration.get(c.state, NET, 0), 1);
    const ev = r.receipts[0]?.events.find((e) => e.name === "NeuronRegistered");
    assert.deepEqual(ev?.data.netuid, NET);
    assert.equal(ev?.data.uid, 0);
    assert.equal(ev?.data.hotkey, hotkey);
  });

  it("test_registration_disabled: SubNetRegistrationDisabled", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { registrationAllowed: false });
    c.expectError(c.block(register(c, ALICE, "//Alice/h")), "SubNetRegistrationDisabled");
  });

  it("test_registration_root_not_permitted: RegistrationNotPermittedOnRootSubnet", async () => {
    const c = await TestChain.create();
    c.expectError(c.block(register(c, ALICE, "//Alice/h", 0)), "RegistrationNotPermittedOnRootSubnet");
  });

  it("a subnet that does not exist: SubnetNotExists", async () => {
    const c = await TestChain.create();
    c.expectError(c.block(register(c, ALICE, "//Alice/h", 77)), "SubnetNotExists");
  });

  it("test_registration_not_enough_balance: the burn must be spendable above the existential deposit", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, burn: 10_000n, burnHalfLife: 0 });
    const ed = c.spec.params.existentialDeposit;
    const tx = register(c, "//Poor", "//Poor/h");
    const fee = transactionFee(c.spec, tx);
    fund(c, "//Poor", fee + ed + 10_000n - 1n);
    c.expectError(c.block(tx), "NotEnoughBalanceToStake");
    assert.equal(SubnetworkN.get(c.state, NET), 0);

    const tx2 = register(c, "//Poor", "//Poor/h");
    fund(c, "//Poor", transactionFee(c.spec, tx2) + ed + 10_000n);
    c.expectOk(c.block(tx2));
    assert.equal(Account.get(c.state, c.addr("//Poor")).free, ed);
    assert.equal(SubnetworkN.get(c.state, NET), 1);
  });

  it("test_registration_non_associated_coldkey: a hotkey owned by another coldkey", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    Owner.set(c.state, c.addr("//Alice/h"), c.addr(ALICE));
    c.expectError(c.block(register(c, "//Bob", "//Alice/h")), "NonAssociatedColdKey");
    assert.equal(SubnetworkN.get(c.state, NET), 0);
  });

  it("test_registration_without_neuron_slot_doesnt_burn: MaxAllowedUids 0 → NoNeuronIdAvailable, nothing paid", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, maxAllowedUids: 0 });
    const before = Account.get(c.state, c.addr(ALICE)).free;
    const tx = register(c, ALICE, "//Alice/h");
    const fee = transactionFee(c.spec, tx);
    c.expectError(c.block(tx), "NoNeuronIdAvailable");
    assert.equal(Account.get(c.state, c.addr(ALICE)).free, before - fee);
    assert.equal(SubnetworkN.get(c.state, NET), 0);
    assert.equal(Owner.get(c.state, c.addr("//Alice/h")), null, "the ownership link is rolled back too");
  });

  it("test_registration_already_active_hotkey_error: HotKeyAlreadyRegisteredInSubNet", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    c.expectOk(c.block(register(c, ALICE, "//Alice/h")));
    c.expectError(c.block(register(c, ALICE, "//Alice/h")), "HotKeyAlreadyRegisteredInSubNet");
  });

  it("pays the burn through the pool: TAO into the reserve, the bought alpha recycled, swap fee to the author", async () => {
    const c = await TestChain.create();
    const burn = 10n * TAO;
    setupSubnetForTest(c.state, NET, { burn, taoReserve: 1_000n * TAO, alphaReserve: 2_000n * TAO });
    const alice = c.addr(ALICE);
    const before = Account.get(c.state, alice).free;
    const authorBefore = Account.get(c.state, c.author.address).free;
    const stakeBefore = TotalStake.get(c.state);
    const tx = register(c, ALICE, "//Alice/h");
    const txFee = transactionFee(c.spec, tx);
    c.expectOk(c.block(tx));
    const swapFee = (burn * 33n) / 65_535n;
    const net = burn - swapFee;
    const bought = (2_000n * TAO * net) / (1_000n * TAO + net);
    assert.equal(Account.get(c.state, alice).free, before - burn - txFee);
    assert.equal(SubnetTAO.get(c.state, NET), 1_000n * TAO + net);
    assert.equal(SubnetAlphaIn.get(c.state, NET), 2_000n * TAO - bought);
    assert.equal(SubnetAlphaOut.get(c.state, NET), 0n, "the bought alpha is recycled");
    assert.equal(Account.get(c.state, c.author.address).free, authorBefore + txFee + swapFee);
    assert.equal(TotalStake.get(c.state), stakeBefore + burn);
    assert.equal(RAORecycledForRegistration.get(c.state, NET), burn);
  });

  it("test_registration_increases_recycled_rao_per_subnet", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, {
      burn: 1_000n,
      burnHalfLife: 1,
      burnIncreaseMult: u64f64(1n),
      minBurn: 0n,
    });
    const burn1 = Burn.get(c.state, NET);
    c.expectOk(c.block(register(c, ALICE, "//Alice/h1")));
    assert.equal(RAORecycledForRegistration.get(c.state, NET), burn1);
    const burn2 = decayedFor(c, NET);
    c.expectOk(c.block(register(c, ALICE, "//Alice/h2")));
    assert.equal(burn2, 500n);
    assert.equal(RAORecycledForRegistration.get(c.state, NET), burn1 + burn2);
  });

  it("no per-block cap on normal subnets: several registrations in one block, each at the bumped price", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { burn: 1_000n, burnIncreaseMult: u64f64(2n), minBurn: 0n });
    const r = c.expectOk(c.block(register(c, ALICE, "//Alice/a"), register(c, ALICE, "//Alice/b")));
    assert.deepEqual(
      r.receipts.map((x) => x.events.find((e) => e.name === "NeuronRegistered")?.data.burn),
      [1_000n, 2_000n],
    );
    assert.equal(RegistrationsThisBlock.get(c.state, NET), 2);
    assert.equal(Burn.get(c.state, NET), 4_000n);
  });

  it("register (legacy proof-of-work arguments ignored) performs the same burn registration", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    c.expectOk(
      c.block(
        c.tx(ALICE, "subtensor", "register", {
          netuid: NET,
          block_number: 0,
          nonce: 7,
          work: "0x00",
          hotkey: c.addr("//Alice/h"),
          coldkey: c.addr(ALICE),
        }),
      ),
    );
    assert.equal(Uids.get(c.state, NET, c.addr("//Alice/h")), 0);
    assert.equal(RAORecycledForRegistration.get(c.state, NET), 1_000n);
  });

  it("register_limit: RegistrationPriceLimitExceeded above the limit, registers at or below it", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    const limit = (limit_price: bigint, h: string) =>
      c.tx(ALICE, "subtensor", "register_limit", { netuid: NET, hotkey: c.addr(h), limit_price });
    c.expectError(c.block(limit(999n, "//Alice/h")), "RegistrationPriceLimitExceeded");
    c.expectOk(c.block(limit(1_000n, "//Alice/h")));
    c.expectError(c.block(limit(10n, "//Alice/x")), "RegistrationPriceLimitExceeded");
    c.expectError(
      c.block(
        c.tx(ALICE, "subtensor", "register_limit", {
          netuid: 0,
          hotkey: c.addr("//Alice/x"),
          limit_price: 1n,
        }),
      ),
      "RegistrationNotPermittedOnRootSubnet",
    );
  });
});

/** The burn the next block will charge, from the current state (decay of the next block applied). */
function decayedFor(c: TestChain, netuid: number): bigint {
  const burn = Burn.get(c.state, netuid);
  const h = BurnHalfLife.get(c.state, netuid);
  let next = h > 0 && c.number + 1 > 1 ? mulByQ32(burn, decayFactorQ32(h)) : burn;
  if (next < MinBurn.get(c.state, netuid)) next = MinBurn.get(c.state, netuid);
  if (next > MaxBurn.get(c.state, netuid)) next = MaxBurn.get(c.state, netuid);
  return next;
}

/**
 * Applies a subtensor call in the current (already applied) block, as the reference's tests call
 * extrinsics between block steps: same code path as a transaction's dispatch, without fee or nonce.
 */
function applyInCurrentBlock(c: TestChain, uri: string, method: string, args: Record<string, unknown>) {
  const def = neuronsCalls[method];
  assert.ok(def);
  const events: ChainEvent[] = [];
  const ctx: CallContext = {
    state: c.state,
    spec: c.spec,
    header: { number: c.number, parentHash: "0x", author: c.author.address, timestamp: 0 },
    origin: { kind: "signed", who: c.addr(uri) },
    emit: (e) => events.push(e),
  };
  c.state.transaction(() => def.apply(ctx, def.args.parse(args)));
  return events;
}

/** A block context for driving neuronsBlockStep directly. */
function blockCtx(state: State, number: number): BlockContext {
  return {
    state,
    spec: { name: "t", genesisHash: "0x", params: {} as never },
    header: { number, parentHash: "0x", author: "", timestamp: 0 },
    emit: () => {},
  };
}

describe("neurons: burn price dynamics (registration.rs, newest)", () => {
  before(cryptoReady);

  it("decayFactorQ32 is the largest Q32 f with f^H ≤ ½ (bisection), close to 2^(-1/H)", () => {
    assert.equal(decayFactorQ32(0), 1n << 32n);
    assert.equal(decayFactorQ32(1), 1n << 31n);
    for (const h of [1, 2, 3, 7, 17, 360, 1_000, 4_096, 36_100, 65_535]) {
      const f = decayFactorQ32(h);
      assert.ok(powQ32(f, h) <= 1n << 31n, `f^${h} ≤ ½`);
      assert.ok(powQ32(f + 1n, h) > 1n << 31n, `(f+1)^${h} > ½`);
      assert.ok(Math.abs(Number(f) / 2 ** 32 - 2 ** (-1 / h)) < 1e-5, `f ≈ 2^(-1/${h})`);
    }
  });

  it("test_burn_decay: a registration doubles the burn at once (1000 → 2000), the next block decays it to 1998", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, {
      burn: 1_000n,
      burnHalfLife: 1_000,
      burnIncreaseMult: u64f64(2n),
      minBurn: 0n,
      maxBurn: U64_MAX,
    });
    c.expectOk(c.block(register(c, "//Charlie", "//Charlie/h")));
    assert.equal(Burn.get(c.state, NET), 2_000n);
    c.advance(1);
    assert.equal(Burn.get(c.state, NET), 1_998n);
  });

  it("test_burn_halves_every_half_life: H = 2, 1024 → 511 → 255", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, {
      burn: 1_024n,
      burnHalfLife: 2,
      burnIncreaseMult: u64f64(1n),
      minBurn: 0n,
      maxBurn: U64_MAX,
    });
    c.advance(1); // block 1: no decay (the reference decays from block 2)
    assert.equal(Burn.get(c.state, NET), 1_024n);
    c.advance(2);
    assert.equal(Burn.get(c.state, NET), 511n);
    c.advance(2);
    assert.equal(Burn.get(c.state, NET), 255n);
  });

  it("test_burn_min_and_max_clamps_prevent_zero_stuck_and_cap_bump", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, {
      burn: 1n,
      burnHalfLife: 1,
      burnIncreaseMult: u64f64(2n),
      minBurn: 100_000n,
      maxBurn: 150_000n,
    });
    c.advance(1);
    assert.equal(Burn.get(c.state, NET), 100_000n, "the min clamp lifts 1 to 100 000");
    c.expectOk(c.block(register(c, ALICE, "//Alice/h")));
    assert.equal(Burn.get(c.state, NET), 150_000n, "the bump to 200 000 is capped by MaxBurn");
    c.advance(1);
    assert.equal(Burn.get(c.state, NET), 100_000n, "150 000 halves to 75 000, lifted back to 100 000");
    c.advance(1);
    assert.equal(Burn.get(c.state, NET), 100_000n);
  });

  it("test_bump_registration_price_after_registration_applies_multiplier_immediately (×3), and the default 1.26", () => {
    const s = State.empty();
    Burn.set(s, NET, 1_000n);
    BurnIncreaseMult.set(s, NET, u64f64(3n));
    MinBurn.set(s, NET, 0n);
    MaxBurn.set(s, NET, U64_MAX);
    assert.equal(bumpBurnAfterRegistration(s, NET), 3_000n);
    // U64F64 1.26 is slightly below 1.26: 1 TAO becomes 1.259999999 TAO (floored).
    BurnIncreaseMult.remove(s, NET);
    Burn.set(s, NET, TAO);
    assert.equal(bumpBurnAfterRegistration(s, NET), 1_259_999_999n);
    // A multiplier below 1 counts as 1; a zero burn recovers to MinBurn.
    BurnIncreaseMult.set(s, NET, 0n);
    Burn.set(s, NET, 5n);
    assert.equal(bumpBurnAfterRegistration(s, NET), 5n);
    MinBurn.set(s, NET, 100_000n);
    Burn.set(s, NET, 0n);
    assert.equal(bumpBurnAfterRegistration(s, NET), 100_000n);
  });

  it("test_update_registration_prices_for_networks_runs_on_next_block_step: 1000 → 999, counter reset", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, {
      burnHalfLife: 1_000,
      burnIncreaseMult: u64f64(2n),
      minBurn: 0n,
      maxBurn: U64_MAX,
    });
    c.advance(1);
    Burn.set(c.state, NET, 1_000n);
    RegistrationsThisBlock.set(c.state, NET, 3);
    c.advance(1);
    assert.equal(Burn.get(c.state, NET), 999n);
    assert.equal(RegistrationsThisBlock.get(c.state, NET), 0);
  });

  it("test_update_registration_prices_for_networks_many_half_lives_over_thousands_of_blocks", () => {
    const cases: Array<[number, number, bigint]> = [
      [1, 0, 777_777n],
      [2, 0, 0n],
      [3, 1, 0n],
      [4, 1, 1n],
      [5, 1, 2n],
      [6, 2, 1_024n],
      [7, 3, 4_096n],
      [8, 4, 65_536n],
      [9, 5, 123_456n],
      [10, 7, 999_999n],
      [11, 8, 1_000_000n],
      [12, 16, 1_000_000n],
      [13, 64, 1_000_000n],
      [14, 360, 10_000_000_000n],
      [15, 1_000, 100_000_000_000n],
      [16, 4_096, 1_000_000_000_000n],
      [17, 65_535, 123_000_000_000n],
      [0, 17, 123_456n], // root
    ];
    const s = State.empty();
    for (const [idx, [netuid, halfLife, burn]] of cases.entries()) {
      NetworksAdded.set(s, netuid, true);
      BurnHalfLife.set(s, netuid, halfLife);
      BurnIncreaseMult.set(s, netuid, u64f64(BigInt(idx + 2))); // varied: the block step never bumps
      MinBurn.set(s, netuid, 0n);
      MaxBurn.set(s, netuid, U64_MAX);
      Burn.set(s, netuid, burn);
    }
    Tempo.set(s, 0, 2);
    const expected = cases.map(([, , burn]) => burn);
    let resets = 0;
    let kept = 0;
    for (let block = 1; block <= 5_000; block++) {
      for (const [idx, [netuid]] of cases.entries())
        RegistrationsThisBlock.set(s, netuid, ((block * 17 + idx) % 29) + 1);
      const intervalSeed = ((block * 23) % 37) + 1;
      RegistrationsThisInterval.set(s, 0, intervalSeed);
      neuronsBlockStep(blockCtx(s, block));
      for (const [idx, [netuid, halfLife]] of cases.entries()) {
        const prev = expected[idx] as bigint;
        expected[idx] = halfLife === 0 || block <= 1 ? prev : (prev * decayFactorQ32(halfLife)) >> 32n;
        assert.equal(
          Burn.get(s, netuid),
          expected[idx],
          `netuid ${netuid}, half-life ${halfLife}, block ${block}`,
        );
        assert.equal(RegistrationsThisBlock.get(s, netuid), 0);
      }
      if (block % 2 === 0) {
        assert.equal(RegistrationsThisInterval.get(s, 0), 0);
        resets++;
      } else {
        assert.equal(RegistrationsThisInterval.get(s, 0), intervalSeed);
        kept++;
      }
    }
    assert.ok(resets > 0 && kept > 0);
    // Spot figures: H = 1 reaches 0 from 2 in two blocks; H = 65535 has barely moved.
    assert.equal(Burn.get(s, 5), 0n);
    assert.equal(Burn.get(s, 6), 0n);
    assert.ok((Burn.get(s, 17) * 1_000n) / 123_000_000_000n >= 947n);
  });

  it("test_burned_register_immediately_bumps_price_many_multipliers_and_same_block_registrations", async () => {
    // The reference sets the burn and registers in the same block, after its hook: the calls are applied
    // directly in the current block (a real block would first clamp a zero burn up to MinBurn).
    const c = await TestChain.create();
    c.advance(1);
    // [netuid, initial burn, mult, min burn, max burn, registrations, final burn, recycled]
    const cases: Array<[number, bigint, bigint, bigint, bigint, number, bigint, bigint]> = [
      [1, 0n, 0n, 100_000n, U64_MAX, 7, 100_000n, 600_000n],
      [2, 5n, 0n, 1n, U64_MAX, 7, 5n, 35n],
      [3, 0n, 1n, 100_000n, U64_MAX, 7, 100_000n, 600_000n],
      [4, 7n, 1n, 1n, U64_MAX, 7, 7n, 49n],
      [5, 2n, 2n, 1n, 400n, 8, 400n, 510n],
      [6, 3n, 3n, 1n, U64_MAX, 6, 2_187n, 1_092n],
      [7, 4n, 4n, 1n, U64_MAX, 6, 16_384n, 5_460n],
      [8, 7n, 10n, 1n, 500_000n, 5, 500_000n, 77_777n],
      [9, 1n, 100n, 1n, 5_000_000_000n, 5, 5_000_000_000n, 101_010_101n],
      [10, 1n, 1_000n, 1n, 50_000_000_000n, 4, 50_000_000_000n, 1_001_001_001n],
      [11, 5n, 1n, 1n, U64_MAX, 32, 5n, 160n],
      [12, 1n, 2n, 1n, U64_MAX, 20, 1_048_576n, 1_048_575n],
    ];
    const reserve = 1_000_000_000_000_000n;
    const coldkey = c.addr(ALICE);
    for (const [netuid, burn, mult, minBurn, maxBurn, regs, finalBurn, recycled] of cases) {
      const net = netuid + 10; // clear of any subnet a genesis creates
      setupSubnetForTest(c.state, net, {
        burn,
        burnHalfLife: 0,
        burnIncreaseMult: u64f64(mult),
        minBurn,
        maxBurn,
        taoReserve: reserve,
        alphaReserve: reserve,
      });
      RegistrationsThisInterval.set(c.state, net, netuid * 11 + 7);
      let expected = burn;
      for (let i = 0; i < regs; i++) {
        const balance = Account.get(c.state, coldkey).free;
        assert.equal(Burn.get(c.state, net), expected);
        const events = applyInCurrentBlock(c, ALICE, "burned_register", {
          netuid: net,
          hotkey: c.addr(`//Alice/n${netuid}/${i}`),
        });
        assert.equal(events.find((e) => e.name === "NeuronRegistered")?.data.uid, i);
        assert.equal(Account.get(c.state, coldkey).free, balance - expected, "charged the pre-bump burn");
        let next = (expected * (mult > 1n ? mult : 1n)) as bigint;
        if (next < minBurn) next = minBurn;
        if (next > maxBurn) next = maxBurn;
        expected = next;
        assert.equal(Burn.get(c.state, net), expected, "bumped at once");
        assert.equal(RegistrationsThisBlock.get(c.state, net), i + 1);
      }
      assert.equal(Burn.get(c.state, net), finalBurn, `final burn of case ${netuid}`);
      assert.equal(RAORecycledForRegistration.get(c.state, net), recycled, `recycled of case ${netuid}`);
      assert.equal(
        RegistrationsThisInterval.get(c.state, net),
        netuid * 11 + 7,
        "non-root interval untouched",
      );
      assert.equal(SubnetworkN.get(c.state, net), regs);
      c.advance(1);
      assert.equal(RegistrationsThisBlock.get(c.state, net), 0);
      assert.equal(Burn.get(c.state, net), finalBurn, "half-life 0: no decay");
    }
  });
});

describe("neurons: uids, replacement and pruning (uids.rs, registration.rs)", () => {
  before(cryptoReady);

  it("appendNeuron extends every per-uid vector, per mechanism for Incentive and LastUpdate", () => {
    const s = State.empty();
    NetworksAdded.set(s, NET, true);
    MechanismCountCurrent.set(s, NET, 2);
    appendNeuron(s, NET, "hk0", 5);
    appendNeuron(s, NET, "hk1", 7);
    assert.equal(SubnetworkN.get(s, NET), 2);
    assert.deepEqual(Active.get(s, NET), [true, true]);
    assert.deepEqual(Emission.get(s, NET), [0n, 0n]);
    assert.deepEqual(ValidatorPermit.get(s, NET), [false, false]);
    assert.deepEqual(LastUpdate.get(s, NET), [5, 7]);
    assert.deepEqual(LastUpdate.get(s, NET + 4096), [5, 7]);
    assert.deepEqual(Incentive.get(s, NET + 4096), [0, 0]);
    assert.equal(Keys.get(s, NET, 1), "hk1");
    assert.equal(Uids.get(s, NET, "hk1"), 1);
    assert.equal(BlockAtRegistration.get(s, NET, 1), 7);
    assert.equal(IsNetworkMember.get(s, "hk1", NET), true);
  });

  it("test_last_update_correctness: a missing LastUpdate vector is grown to SubnetworkN + 1", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    SubnetworkN.set(c.state, NET, 3);
    LastUpdate.remove(c.state, NET);
    c.expectOk(c.block(register(c, ALICE, "//Alice/h")));
    assert.deepEqual(LastUpdate.get(c.state, NET), [0, 0, 0, 1]);
    assert.equal(Uids.get(c.state, NET, c.addr("//Alice/h")), 3);
  });

  it("test_replace_neuron: membership moves to the new hotkey; values, bonds, weights, axon, prometheus, certificate cleared", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, servingRateLimit: 0 });
    c.expectOk(c.block(register(c, ALICE, "//Alice/old"), register(c, ALICE, "//Alice/other")));
    const old = c.addr("//Alice/old");
    fund(c, "//Alice/old", TAO);
    c.expectOk(
      c.block(
        c.tx("//Alice/old", "subtensor", "serve_axon_tls", {
          netuid: NET,
          version: 0,
          ip: 1_676_056_785,
          port: 9_999,
          ip_type: 4,
          protocol: 0,
          placeholder1: 0,
          placeholder2: 0,
          certificate: "0x010203",
        }),
        c.tx("//Alice/old", "subtensor", "serve_prometheus", {
          netuid: NET,
          version: 0,
          ip: 1_676_056_785,
          port: 9_998,
          ip_type: 4,
        }),
      ),
    );
    assert.deepEqual(NeuronCertificates.get(c.state, NET, old), { algorithm: 1, publicKey: "0x0203" });
    const s = c.state;
    Emission.set(s, NET, [5n, 6n]);
    Consensus.set(s, NET, [5, 6]);
    Incentive.set(s, NET, [5, 6]);
    Dividends.set(s, NET, [5, 6]);
    ValidatorTrust.set(s, NET, [5, 6]);
    ValidatorPermit.set(s, NET, [true, true]);
    Bonds.set(s, NET, 0, [[1, 9]]);
    Weights.set(s, NET, 0, [[1, 65_535]]);
    Weights.set(s, NET, 1, [
      [0, 65_535],
      [1, 7],
    ]);
    assert.equal(replaceNeuron(s, NET, 0, "new-hotkey", 42), true);
    assert.equal(Uids.get(s, NET, old), null);
    assert.equal(IsNetworkMember.get(s, old, NET), false);
    assert.equal(Keys.get(s, NET, 0), "new-hotkey");
    assert.equal(Uids.get(s, NET, "new-hotkey"), 0);
    assert.equal(BlockAtRegistration.get(s, NET, 0), 42);
    assert.deepEqual(Emission.get(s, NET), [0n, 6n]);
    assert.deepEqual(Consensus.get(s, NET), [0, 6]);
    assert.deepEqual(Incentive.get(s, NET), [0, 6]);
    assert.deepEqual(Dividends.get(s, NET), [0, 6]);
    assert.deepEqual(ValidatorTrust.get(s, NET), [0, 6]);
    assert.deepEqual(ValidatorPermit.get(s, NET), [false, true]);
    assert.deepEqual(Bonds.get(s, NET, 0), []);
    assert.deepEqual(Weights.get(s, NET, 0), []);
    assert.deepEqual(Weights.get(s, NET, 1), [
      [0, 0],
      [1, 7],
    ]);
    assert.equal(Axons.get(s, NET, old), null);
    assert.equal(Prometheus.get(s, NET, old), null);
    assert.equal(NeuronCertificates.get(s, NET, old), null);
    assert.equal(LastUpdate.get(s, NET)[0], 42);
    assert.equal(Active.get(s, NET)[0], true);
  });

  it("test_replace_neuron_multiple_subnets: replaced on one subnet, still registered on the other", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, SMALL);
    setupSubnetForTest(c.state, NET + 1, SMALL);
    c.expectOk(c.block(register(c, ALICE, "//Alice/h"), register(c, ALICE, "//Alice/h", NET + 1)));
    const h = c.addr("//Alice/h");
    replaceNeuron(c.state, NET, 0, "new-hotkey", c.number);
    assert.equal(Uids.get(c.state, NET, h), null);
    assert.equal(Uids.get(c.state, NET + 1, h), 0);
    assert.equal(IsNetworkMember.get(c.state, h, NET + 1), true);
  });

  it("test_replace_neuron_subnet_owner_not_replaced", async () => {
    const c = await TestChain.create();
    const owner = { coldkey: c.addr(ALICE), hotkey: c.addr("//Alice/owner") };
    setupSubnetForTest(c.state, NET, { ...SMALL, owner });
    assert.equal(Uids.get(c.state, NET, owner.hotkey), 0);
    assert.equal(replaceNeuron(c.state, NET, 0, "new-hotkey", 1), false);
    assert.equal(Uids.get(c.state, NET, owner.hotkey), 0);
    assert.equal(Uids.get(c.state, NET, "new-hotkey"), null);
  });

  it("test_registration_pruning: a full subnet replaces the oldest of the lowest-emission non-immune uids", async () => {
    // The reference's figures at block 1000 (registered 150 / 200 / 10 blocks ago, immunity 100) scaled by 1/10.
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, maxAllowedUids: 3 });
    ImmuneOwnerUidsLimit.set(c.state, NET, 0);
    const hotkeys = ["//Alice/p0", "//Alice/p1", "//Alice/p2"];
    c.expectOk(c.block(...hotkeys.map((h) => register(c, ALICE, h))));
    assert.deepEqual(
      hotkeys.map((h) => Uids.get(c.state, NET, c.addr(h))),
      [0, 1, 2],
    );
    c.advance(22);
    const now = c.number + 1;
    const s = c.state;
    ImmunityPeriod.set(s, NET, 10);
    BlockAtRegistration.set(s, NET, 0, now - 15);
    BlockAtRegistration.set(s, NET, 1, now - 20);
    BlockAtRegistration.set(s, NET, 2, now - 1);
    Emission.set(s, NET, [10n, 10n, 1n]);
    MinNonImmuneUids.set(s, NET, 0);
    assert.equal(getNeuronToPrune(s, NET, now), 1);
    c.expectOk(c.block(register(c, "//Bob", "//Bob/new")));
    assert.equal(SubnetworkN.get(c.state, NET), 3);
    assert.equal(Uids.get(c.state, NET, c.addr("//Alice/p1")), null);
    assert.equal(Uids.get(c.state, NET, c.addr("//Bob/new")), 1);
    assert.equal(Uids.get(c.state, NET, c.addr("//Alice/p0")), 0);
    assert.equal(Uids.get(c.state, NET, c.addr("//Alice/p2")), 2);
    assert.equal(BlockAtRegistration.get(c.state, NET, 1), now);
  });

  it("test_registration_get_uid_to_prune_all_in_immunity_period / none_in_immunity_period", () => {
    const s = State.empty();
    NetworksAdded.set(s, NET, true);
    MinNonImmuneUids.set(s, NET, 0);
    ImmuneOwnerUidsLimit.set(s, NET, 0);
    appendNeuron(s, NET, "hk0", 0);
    appendNeuron(s, NET, "hk1", 1);
    ImmunityPeriod.set(s, NET, 2);
    Emission.set(s, NET, [100n, 110n]);
    assert.equal(getNeuronToPrune(s, NET, 1), 0, "both immune: the lowest emission among the immune");
    assert.equal(getNeuronToPrune(s, NET, 4), 0, "none immune: the lowest emission");
  });

  it("MinNonImmuneUids: the non-immune candidate only above the floor, else the immune one, else none", () => {
    const s = State.empty();
    NetworksAdded.set(s, NET, true);
    ImmuneOwnerUidsLimit.set(s, NET, 0);
    ImmunityPeriod.set(s, NET, 10);
    for (let i = 0; i < 4; i++) appendNeuron(s, NET, `hk${i}`, 0);
    Emission.set(s, NET, [4n, 3n, 2n, 1n]);
    MinNonImmuneUids.set(s, NET, 3);
    assert.equal(getNeuronToPrune(s, NET, 100), 3, "4 non-immune > 3");
    MinNonImmuneUids.set(s, NET, 4);
    assert.equal(getNeuronToPrune(s, NET, 100), null, "4 non-immune, floor 4, nobody immune");
    BlockAtRegistration.set(s, NET, 1, 95);
    assert.equal(getNeuronToPrune(s, NET, 100), 1, "falls back to the immune uid");
  });

  it("a full subnet whose uids are all the owner's immortal keys: NoNeuronIdAvailable, nothing paid", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, maxAllowedUids: 2 });
    SubnetOwner.set(c.state, NET, c.addr(ALICE));
    ImmuneOwnerUidsLimit.set(c.state, NET, 2);
    c.expectOk(c.block(register(c, ALICE, "//Alice/a"), register(c, ALICE, "//Alice/b")));
    const recycled = RAORecycledForRegistration.get(c.state, NET);
    c.expectError(c.block(register(c, "//Bob", "//Bob/x")), "NoNeuronIdAvailable");
    assert.equal(RAORecycledForRegistration.get(c.state, NET), recycled);
  });

  it("test_registration_get_uid_to_prune_owner_immortality: limit 1 → uid 1, limit 2 → uid 2", async () => {
    for (const [limit, expected] of [
      [1, 1],
      [2, 2],
    ] as const) {
      const c = await TestChain.create();
      const s = c.state;
      const owner = { coldkey: "owner-ck", hotkey: "owner-hk" };
      setupSubnetForTest(s, NET, { ...SMALL, owner });
      Owner.set(s, "other-owner-hk", "owner-ck");
      appendNeuron(s, NET, "other-owner-hk", 1);
      appendNeuron(s, NET, "non-owner-hk", 2);
      ImmunityPeriod.set(s, NET, 1);
      MinNonImmuneUids.set(s, NET, 0);
      ImmuneOwnerUidsLimit.set(s, NET, limit);
      Emission.set(s, NET, [0n, 0n, 1n]);
      assert.equal(getNeuronToPrune(s, NET, 11), expected);
    }
  });

  it("test_registration_get_uid_to_prune_owner_immortality_all_immune: limit 2 → uid 2 (limit 1 → uid 1)", async () => {
    const c = await TestChain.create();
    const s = c.state;
    setupSubnetForTest(s, NET, { ...SMALL, owner: { coldkey: "owner-ck", hotkey: "owner-hk" } });
    Owner.set(s, "other-owner-hk", "owner-ck");
    appendNeuron(s, NET, "other-owner-hk", 11);
    appendNeuron(s, NET, "non-owner-hk", 10);
    BlockAtRegistration.set(s, NET, 0, 12);
    ImmunityPeriod.set(s, NET, 100);
    MinNonImmuneUids.set(s, NET, 0);
    Emission.set(s, NET, [0n, 0n, 1n]);
    ImmuneOwnerUidsLimit.set(s, NET, 2);
    assert.deepEqual(
      immuneOwnerUids(s, NET).map((e) => e.uid),
      [1, 0],
    );
    assert.equal(getNeuronToPrune(s, NET, 21), 2);
    // With a limit of 1 the oldest owned key (uid 1) yields its place to the owner hotkey (uid 0).
    ImmuneOwnerUidsLimit.set(s, NET, 1);
    assert.deepEqual(
      immuneOwnerUids(s, NET).map((e) => e.uid),
      [0],
    );
    assert.equal(getNeuronToPrune(s, NET, 21), 1);
  });
});

describe("neurons: serving (serving.rs)", () => {
  before(cryptoReady);

  const axon = (ip: bigint | number, port: number, ipType = 4, version = 2, protocol = 0) => ({
    netuid: NET,
    version,
    ip,
    port,
    ip_type: ipType,
    protocol,
    placeholder1: 0,
    placeholder2: 0,
  });

  async function served(rateLimit = 0) {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, servingRateLimit: rateLimit });
    c.expectOk(c.block(register(c, ALICE, "//Alice/h")));
    fund(c, "//Alice/h", TAO);
    return c;
  }

  it("test_serving_ok / test_serving_set_metadata_update: stores the axon, free of fee, emits AxonServed", async () => {
    const c = await served();
    const h = c.addr("//Alice/h");
    const before = Account.get(c.state, h).free;
    const r = c.expectOk(c.block(c.tx("//Alice/h", "subtensor", "serve_axon", axon(1_676_056_785, 128))));
    assert.equal(r.receipts[0]?.fee, 0n);
    assert.equal(Account.get(c.state, h).free, before);
    assert.deepEqual(Axons.get(c.state, NET, h), {
      block: c.number,
      version: 2,
      ip: "1676056785",
      port: 128,
      ipType: 4,
      protocol: 0,
      placeholder1: 0,
      placeholder2: 0,
    });
    assert.deepEqual(r.receipts[0]?.events[0], {
      pallet: "SubtensorModule",
      name: "AxonServed",
      data: { netuid: NET, hotkey: h },
    });
    c.expectOk(
      c.block(
        c.tx("//Alice/h", "subtensor", "serve_axon", {
          ...axon(1_676_056_786, 129, 6, 3, 1),
          placeholder1: 1,
          placeholder2: 1,
        }),
      ),
    );
    const a = Axons.get(c.state, NET, h);
    assert.deepEqual(
      [a?.ip, a?.port, a?.ipType, a?.version, a?.protocol, a?.placeholder1],
      ["1676056786", 129, 6, 3, 1, 1],
    );
  });

  it("test_serving_tls_ok: the certificate's first byte is the algorithm, the rest the key; updated on re-serve", async () => {
    const c = await served();
    const h = c.addr("//Alice/h");
    const hex = (t: string) => `0x${Buffer.from(t).toString("hex")}`;
    c.expectOk(
      c.block(
        c.tx("//Alice/h", "subtensor", "serve_axon_tls", {
          ...axon(1_676_056_785, 128),
          certificate: hex("CERT"),
        }),
      ),
    );
    assert.deepEqual(NeuronCertificates.get(c.state, NET, h), { algorithm: 67, publicKey: hex("ERT") });
    c.expectOk(
      c.block(
        c.tx("//Alice/h", "subtensor", "serve_axon_tls", {
          ...axon(1_676_056_785, 128),
          certificate: hex("UPDATED_CERT"),
        }),
      ),
    );
    assert.deepEqual(NeuronCertificates.get(c.state, NET, h), {
      algorithm: 85,
      publicKey: hex("PDATED_CERT"),
    });
    // test_neuron_certificate: more than 65 bytes is ignored (the axon is still served).
    c.expectOk(
      c.block(
        c.tx("//Alice/h", "subtensor", "serve_axon_tls", {
          ...axon(1, 128),
          certificate: `0x${"08".repeat(88)}`,
        }),
      ),
    );
    assert.deepEqual(NeuronCertificates.get(c.state, NET, h), {
      algorithm: 85,
      publicKey: hex("PDATED_CERT"),
    });
    assert.equal(Axons.get(c.state, NET, h)?.ip, "1");
  });

  it("test_axon_serving_rate_limit_exceeded: ServingRateLimit 2 needs two blocks between serves", async () => {
    const c = await served(0);
    const serve = () => c.tx("//Alice/h", "subtensor", "serve_axon", axon(1_676_056_785, 128));
    c.expectOk(c.block(serve(), serve(), serve(), serve()));
    ServingRateLimit.set(c.state, NET, 2);
    c.expectError(c.block(serve()), "ServingRateLimitExceeded");
    c.expectOk(c.block(serve()));
  });

  it("test_prometheus_serving_ok / rate limit (1: not in the same block) / metadata update", async () => {
    const c = await served(0);
    const h = c.addr("//Alice/h");
    const prom = (ip: number, port: number, ipType = 4) => ({
      netuid: NET,
      version: 2,
      ip,
      port,
      ip_type: ipType,
    });
    const serve = (ip = 1_676_056_785, port = 128, ipType = 4) =>
      c.tx("//Alice/h", "subtensor", "serve_prometheus", prom(ip, port, ipType));
    const r = c.expectOk(c.block(serve(), serve(), serve(), serve()));
    assert.equal(r.receipts[0]?.events[0]?.name, "PrometheusServed");
    assert.deepEqual(Prometheus.get(c.state, NET, h), {
      block: c.number,
      version: 2,
      ip: "1676056785",
      port: 128,
      ipType: 4,
    });
    ServingRateLimit.set(c.state, NET, 1);
    const r2 = c.block(serve(1_676_056_786, 129, 6), serve(1_676_056_787, 130, 6));
    assert.equal(r2.receipts[0]?.success, true);
    assert.equal(r2.receipts[1]?.error?.code, "ServingRateLimitExceeded");
    assert.deepEqual(Prometheus.get(c.state, NET, h), {
      block: c.number,
      version: 2,
      ip: "1676056786",
      port: 129,
      ipType: 6,
    });
  });

  it("test_axon_invalid_port / invalid ip type / invalid ip address / not registered / no subnet", async () => {
    const c = await served();
    const send = (args: Record<string, unknown>, method = "serve_axon", uri = "//Alice/h") =>
      c.block(c.tx(uri, "subtensor", method, args));
    c.expectError(send(axon(1_676_056_785, 0)), "InvalidPort");
    c.expectError(send(axon(1_676_056_785, 128, 5)), "InvalidIpType");
    c.expectError(send(axon(0x7f00_0001, 128)), "InvalidIpAddress");
    c.expectError(send({ ...axon(1, 128), netuid: 77 }), "SubnetNotExists");
    fund(c, "//Bob/h", TAO);
    c.expectError(send(axon(1_676_056_785, 128), "serve_axon", "//Bob/h"), "HotKeyNotRegisteredInNetwork");
    // Prometheus: ip 0 is not allowed (axon allows it); ip checks come before the registration check.
    c.expectOk(send(axon(0, 128)));
    c.expectError(
      send({ netuid: NET, version: 1, ip: 0, port: 128, ip_type: 4 }, "serve_prometheus"),
      "InvalidIpAddress",
    );
    c.expectError(
      send({ netuid: NET, version: 1, ip: 0, port: 128, ip_type: 4 }, "serve_prometheus", "//Bob/h"),
      "InvalidIpAddress",
    );
    c.expectError(
      send({ netuid: NET, version: 1, ip: 1, port: 128, ip_type: 4 }, "serve_prometheus", "//Bob/h"),
      "HotKeyNotRegisteredInNetwork",
    );
    c.expectError(
      send({ netuid: NET, version: 1, ip: 1, port: 0, ip_type: 4 }, "serve_prometheus"),
      "InvalidPort",
    );
  });

  it("test_serving_is_valid_ip_address: the reference's v4 / v6 rules", () => {
    const v4 = (a: number, b: number, c: number, d: number) =>
      BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d);
    assert.ok(isValidIpAddress(4, v4(0, 0, 0, 1), false));
    assert.ok(isValidIpAddress(4, v4(128, 128, 128, 128), false));
    assert.ok(isValidIpAddress(4, v4(255, 255, 255, 254), false));
    assert.ok(!isValidIpAddress(4, v4(255, 255, 255, 255), false));
    assert.ok(!isValidIpAddress(4, v4(127, 0, 0, 1), false));
    assert.ok(!isValidIpAddress(4, 0n, false));
    assert.ok(isValidIpAddress(4, 0n, true));
    assert.ok(!isValidIpAddress(4, 1n << 32n, true));
    assert.ok(isValidIpAddress(6, 0x2001_0db8n << 96n, false));
    assert.ok(!isValidIpAddress(6, 1n, false), "::1");
    assert.ok(!isValidIpAddress(6, (1n << 128n) - 1n, false), "all ones");
    assert.ok(isValidIpAddress(6, (1n << 128n) - 2n, false));
  });
});

describe("neurons: stake is untouched by registration", () => {
  before(cryptoReady);

  it("a new neuron starts with zero stake; a replaced hotkey keeps its stake", async () => {
    const c = await TestChain.create();
    setupSubnetForTest(c.state, NET, { ...SMALL, maxAllowedUids: 1, immunityPeriod: 0 });
    MinNonImmuneUids.set(c.state, NET, 0);
    ImmuneOwnerUidsLimit.set(c.state, NET, 0);
    c.expectOk(c.block(register(c, ALICE, "//Alice/a")));
    const a = c.addr("//Alice/a");
    increaseStake(c.state, a, c.addr(ALICE), NET, 5_000n);
    c.expectOk(c.block(register(c, "//Bob", "//Bob/b")));
    assert.equal(Uids.get(c.state, NET, a), null);
    assert.equal(Uids.get(c.state, NET, c.addr("//Bob/b")), 0);
    assert.equal(Owner.get(c.state, a), c.addr(ALICE));
  });
});

describe("neurons: root_register (root.rs)", () => {
  before(cryptoReady);

  async function rootChain(maxUids: number) {
    const c = await TestChain.create();
    const s = c.state;
    NetworksAdded.set(s, 0, true);
    MaxAllowedUids.set(s, 0, maxUids);
    MaxRegistrationsPerBlock.set(s, 0, 1);
    TargetRegistrationsPerInterval.set(s, 0, 1);
    Tempo.set(s, 0, 100);
    return c;
  }
  const rootReg = (c: TestChain, coldkey: string, hotkey: string) =>
    c.tx(coldkey, "subtensor", "root_register", { hotkey: c.addr(hotkey) });

  it("appends, one per block, fewer than 3 × target per interval, no burn", async () => {
    const c = await rootChain(8);
    const before = Account.get(c.state, c.addr(ALICE)).free;
    const tx = rootReg(c, ALICE, "//Alice/r0");
    const fee = transactionFee(c.spec, tx);
    const r = c.block(tx, rootReg(c, ALICE, "//Alice/r1"));
    assert.equal(r.receipts[0]?.success, true);
    assert.equal(r.receipts[1]?.error?.code, "TooManyRegistrationsThisBlock");
    assert.equal(Uids.get(c.state, 0, c.addr("//Alice/r0")), 0);
    assert.equal(Account.get(c.state, c.addr(ALICE)).free, before - fee - (r.receipts[1]?.fee ?? 0n));
    c.expectOk(c.block(rootReg(c, ALICE, "//Alice/r1")));
    c.expectError(c.block(rootReg(c, ALICE, "//Alice/r0")), "HotKeyAlreadyRegisteredInSubNet");
    c.expectOk(c.block(rootReg(c, ALICE, "//Alice/r2")));
    c.expectError(c.block(rootReg(c, ALICE, "//Alice/r3")), "TooManyRegistrationsThisInterval");
    // the interval counter resets at a multiple of the root tempo
    c.advance(100 - c.number - 1);
    c.expectOk(c.block(rootReg(c, ALICE, "//Alice/r3"))); // block 100
    assert.equal(RegistrationsThisInterval.get(c.state, 0), 1);
  });

  it("a full root network replaces the lowest root stake only for a hotkey with more: StakeTooLowForRoot", async () => {
    const c = await rootChain(2);
    TargetRegistrationsPerInterval.set(c.state, 0, 10);
    c.expectOk(c.block(rootReg(c, ALICE, "//Alice/r0")));
    c.expectOk(c.block(rootReg(c, ALICE, "//Alice/r1")));
    increaseStake(c.state, c.addr("//Alice/r0"), c.addr(ALICE), 0, 500n);
    increaseStake(c.state, c.addr("//Alice/r1"), c.addr(ALICE), 0, 300n);
    increaseStake(c.state, c.addr("//Bob/r"), c.addr("//Bob"), 0, 300n);
    c.expectError(c.block(rootReg(c, "//Bob", "//Bob/r")), "StakeTooLowForRoot");
    increaseStake(c.state, c.addr("//Bob/r"), c.addr("//Bob"), 0, 1n);
    c.expectOk(c.block(rootReg(c, "//Bob", "//Bob/r")));
    assert.equal(Uids.get(c.state, 0, c.addr("//Bob/r")), 1);
    assert.equal(Uids.get(c.state, 0, c.addr("//Alice/r1")), null);
    c.expectError(c.block(rootReg(c, ALICE, "//Alice/r5")), "StakeTooLowForRoot");
  });

  it("RootNetworkDoesNotExist without a root network", async () => {
    const c = await TestChain.create();
    NetworksAdded.set(c.state, 0, false);
    c.expectError(c.block(rootReg(c, ALICE, "//Alice/r")), "RootNetworkDoesNotExist");
  });
});

describe("neurons: burn properties", () => {
  it("decay never raises the burn and the result always lies in [MinBurn, MaxBurn]; a bump never lowers it", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: U64_MAX }),
        fc.integer({ min: 0, max: 36_100 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n << 64n, max: 3n << 64n }),
        (burn, halfLife, a, b, mult) => {
          const [min, max] = a <= b ? [a, b] : [b, a];
          const s = State.empty();
          NetworksAdded.set(s, NET, true);
          Burn.set(s, NET, burn);
          BurnHalfLife.set(s, NET, halfLife);
          MinBurn.set(s, NET, min);
          MaxBurn.set(s, NET, max);
          BurnIncreaseMult.set(s, NET, mult);
          neuronsBlockStep(blockCtx(s, 2));
          const decayed = Burn.get(s, NET);
          assert.ok(decayed >= min && decayed <= max);
          if (burn >= min && burn <= max) assert.ok(decayed <= burn);
          const bumped = bumpBurnAfterRegistration(s, NET);
          assert.ok(bumped >= min && bumped <= max);
          assert.ok(bumped >= decayed);
        },
      ),
      { numRuns: 200 },
    );
  });
});
