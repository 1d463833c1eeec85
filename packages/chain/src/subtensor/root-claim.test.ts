/**
 * Root dividends claim (chain.md §4.7): ports of the reference's `tests/claim_root.rs` with their figures
 * (storage set-up written directly, as the reference's mock does, and the claims as calls), real
 * transactions on a TestChain for the calls, stake changes on root and the per-block auto-claim, and
 * fast-check properties (claims never pay out more than accrued; claims create no TAO and no alpha).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { keccak_256 } from "@noble/hashes/sha3";
import fc from "fast-check";
import { cryptoReady } from "../crypto.js";
import { ChainError } from "../errors.js";
import { createOrVerifyHotkey } from "../hotkeys.js";
import { increaseStake, stakeOf } from "../stake.js";
import { State } from "../state/state.js";
import {
  Account,
  FirstEmissionBlockNumber,
  NetworksAdded,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetEmissionEnabled,
  SubnetMovingPrice,
  SubnetTAO,
  TaoWeight,
  TotalHotkeyAlpha,
  TotalIssuance,
  TotalStake,
} from "../storage.js";
import { TestChain } from "../testing/chain.js";
import { addSubnet, blockContext, stakeTao, testSpec } from "../testing/coinbase-fixtures.js";
import type { CallContext, ChainEvent } from "../types.js";
import { distributeEmission, increaseRootClaimable } from "./coinbase/distribute.js";
import { U64_MAX } from "./coinbase/fixed.js";
import { RootClaimable } from "./coinbase/storage.js";
import {
  blockHashToIndices,
  claimKey,
  DEFAULT_MIN_ROOT_CLAIM_AMOUNT,
  doRootClaim,
  MAX_NUM_ROOT_CLAIMS,
  MAX_ROOT_CLAIM_THRESHOLD,
  NumRootClaim,
  NumStakingColdkeys,
  parentHashBytes,
  type RootClaim,
  RootClaimableThreshold,
  RootClaimed,
  RootClaimType,
  type RootClaimTypeValue,
  rootClaimableOf,
  rootClaimCalls,
  rootOwed,
  StakingColdkeys,
  StakingColdkeysByIndex,
} from "./root-claim.js";
import { decreaseStake } from "./staking.js";
import { registerSubnet } from "./subnets/testkit.js";

const near = (actual: bigint, expected: bigint, eps: bigint, what = "") =>
  assert.ok(
    actual - expected <= eps && expected - actual <= eps,
    `${what}: ${actual} not within ${eps} of ${expected}`,
  );

const TAKE = 0.18;

// ---------------------------------------------------------------------------------------------------
// unit set-up (the reference's mock: storage written directly, distribute_emission called directly)

const NET = 1;
const OWNER = "owner-coldkey";
const HOT = "validator-hotkey";

/** `add_dynamic_network(hotkey, owner)` + `set_tao_weight(u64::MAX)`; optional pool reserves. */
function subnet(tao?: bigint, alpha?: bigint): State {
  const s = State.empty();
  addSubnet(s, {
    netuid: NET,
    ownerColdkey: OWNER,
    ownerHotkey: HOT,
    tempo: 1,
    ...(tao === undefined ? {} : { tao }),
    ...(alpha === undefined ? {} : { alpha }),
  });
  TaoWeight.set(s, U64_MAX);
  return s;
}

/** `distribute_emission(netuid, 0, 0, pending_root_alpha, 0)`; the root alpha was minted into AlphaOut. */
function distributeRoot(s: State, pendingRoot: bigint, netuid = NET): void {
  SubnetAlphaOut.update(s, netuid, (v) => v + pendingRoot);
  distributeEmission(blockContext(s, 10), netuid, 0n, 0n, pendingRoot, 0n);
}

/** Applies a root-claim call as dispatch does (argument parsing, origin, rollback on error). */
function call(s: State, who: string | "root", method: string, args: Record<string, unknown>): ChainEvent[] {
  const def = rootClaimCalls[method];
  assert.ok(def, method);
  const events: ChainEvent[] = [];
  const ctx: CallContext = {
    state: s,
    spec: testSpec(),
    header: { number: 10, parentHash: "0x0a", author: "author", timestamp: 0 },
    origin: who === "root" ? { kind: "root" } : { kind: "signed", who },
    emit: (e) => events.push(e),
  };
  const parsed = def.args.safeParse(args);
  if (!parsed.success) throw new ChainError("InvalidArguments", parsed.error.message, "System");
  s.transaction(() => def.apply(ctx, parsed.data));
  return events;
}

const setType = (s: State, who: string, type: RootClaimTypeValue) =>
  call(s, who, "set_root_claim_type", { new_root_claim_type: type });
const claim = (s: State, who: string, subnets: number[] = [NET]) => call(s, who, "claim_root", { subnets });
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ChainError) return e.code;
    throw e;
  }
  return undefined;
};

/** Rate as a float, for the reference's tolerance checks. */
const rateFloat = (s: State, hotkey = HOT, netuid = NET) =>
  Number(RootClaimable.get(s, hotkey, netuid)) / 2 ** 32;
/** `(I96F32::from(stake) * rate).saturating_to_num::<u64>()`. */
const times = (s: State, stake: bigint, hotkey = HOT, netuid = NET) =>
  (RootClaimable.get(s, hotkey, netuid) * stake) >> 32n;

describe("root claim: tests/claim_root.rs", () => {
  it("test_claim_root_set_claim_type / test_claim_root_default_mode_keep: Swap by default, Keep once set", () => {
    const s = subnet();
    assert.equal(RootClaimType.get(s, "ck"), "Swap");
    const events = setType(s, "ck", "Keep");
    assert.equal(RootClaimType.get(s, "ck"), "Keep");
    assert.deepEqual(events, [
      { pallet: "SubtensorModule", name: "RootClaimTypeSet", data: { coldkey: "ck", rootClaimType: "Keep" } },
    ]);
    // the coldkey is indexed for the auto-claim
    assert.equal(StakingColdkeys.get(s, "ck"), 0);
  });

  it("test_claim_root_with_drain_emissions: Keep claims rate × root stake, twice", () => {
    const s = subnet();
    const ck = "coldkey";
    const rootStake = 2_000_000n;
    const alpha = 10_000_000n;
    const pending = 1_000_000n;
    increaseStake(s, HOT, ck, 0, rootStake);
    increaseStake(s, HOT, OWNER, NET, alpha);
    distributeRoot(s, pending);
    // the take (18 %) is staked to the validator's owner
    near(
      stakeOf(s, HOT, OWNER, NET),
      alpha + BigInt(Math.floor(Number(pending) * TAKE)),
      100n,
      "validator stake",
    );
    const rate1 = rateFloat(s);
    assert.ok(Math.abs(rate1 - (Number(pending) * (1 - TAKE)) / Number(rootStake)) < 0.001, `rate ${rate1}`);

    setType(s, ck, "Keep");
    claim(s, ck);
    const stake1 = stakeOf(s, HOT, ck, NET);
    assert.equal(stake1, times(s, rootStake));
    near(stake1, 820_000n, 10n, "claimed alpha");
    assert.equal(RootClaimed.get(s, NET, claimKey(HOT, ck)), stake1);

    distributeRoot(s, pending);
    const rate2 = rateFloat(s);
    assert.ok(Math.abs(rate2 - (rate1 + (Number(pending) * (1 - TAKE)) / Number(rootStake))) < 0.001);
    claim(s, ck);
    const stake2 = stakeOf(s, HOT, ck, NET);
    assert.equal(stake2, times(s, rootStake));
    assert.equal(RootClaimed.get(s, NET, claimKey(HOT, ck)), stake2);
  });

  for (const [name, alice, bob, other] of [
    ["proportionally", 1_000_000n, 1_000_000n, 8_000_000n],
    ["disproportionally", 1_000_000n, 2_000_000n, 7_000_000n],
  ] as const) {
    it(`test_claim_root_adding_stake_${name}_for_two_stakers`, () => {
      const s = subnet();
      increaseStake(s, HOT, "alice", 0, alice);
      increaseStake(s, HOT, "bob", 0, bob);
      increaseStake(s, HOT, "other", 0, other);
      increaseStake(s, HOT, OWNER, NET, 10_000_000n);
      setType(s, "alice", "Keep");
      setType(s, "bob", "Keep");
      distributeRoot(s, 10_000_000n);
      claim(s, "alice");
      claim(s, "bob");
      const a = stakeOf(s, HOT, "alice", NET);
      const b = stakeOf(s, HOT, "bob", NET);
      assert.equal(a * bob, b * alice);
      near(a, BigInt(Math.floor(10_000_000 * (1 - TAKE) * 0.1)), 100n, "alice");
    });
  }

  it("test_claim_root_with_drain_emissions_and_swap_claim_type: the alpha is sold and staked on root (3 rounds)", () => {
    const s = subnet(50_000_000_000n, 100_000_000_000n); // price 0.5
    const ck = "coldkey";
    const rootStake = 2_000_000n;
    increaseStake(s, HOT, ck, 0, rootStake);
    increaseStake(s, HOT, "other", 0, 9n * rootStake);
    SubnetTAO.update(s, 0, (v) => v + 10n * rootStake);
    increaseStake(s, HOT, OWNER, NET, 10_000_000n);
    const pending = 10_000_000n;
    const price = 0.5;
    let rate = 0.1;
    let expected = Number(rootStake);
    let totalRoot = Number(rootStake) * 10;
    setType(s, ck, "Swap");
    for (let round = 1; round <= 3; round++) {
      distributeRoot(s, pending);
      const rootTaoBefore = SubnetTAO.get(s, 0);
      const events = claim(s, ck);
      const increment = Number(pending) * (1 - TAKE) * price * rate;
      expected += increment;
      totalRoot += increment;
      const stake = stakeOf(s, HOT, ck, 0);
      near(stake, BigInt(Math.floor(expected)), 10_000n, `round ${round}`);
      // the TAO moved from the subnet's pool into the root pool
      const claims = events[0]?.data.claims as RootClaim[];
      assert.equal(claims.length, 1);
      assert.equal(SubnetTAO.get(s, 0) - rootTaoBefore, claims[0]?.tao);
      expected = Number(stake);
      rate = expected / totalRoot;
    }
  });

  it("test_claim_root_block_hash_indices: the precomputed draws", () => {
    assert.deepEqual(blockHashToIndices(keccak_256(new TextEncoder().encode("zero")), 0, 15_000n), []);
    assert.deepEqual(
      blockHashToIndices(keccak_256(new TextEncoder().encode("some")), 15, 15_000n).map(Number),
      [265, 630, 1286, 1558, 4496, 4861, 5517, 5789, 6803, 8096, 9092, 11034, 11399, 12055, 12327],
    );
    assert.deepEqual(
      blockHashToIndices(keccak_256(new TextEncoder().encode("some2")), 15, 15_000n).map(Number),
      [61, 246, 1440, 2855, 3521, 5236, 6130, 6615, 8511, 9405, 9890, 11786, 11971, 13165, 14580],
    );
  });

  it("test_populate_staking_maps: root stakers are indexed, other stakers are not", () => {
    const s = subnet();
    increaseStake(s, HOT, "coldkey1", 0, 200_000_000n);
    increaseStake(s, HOT, "coldkey2", 0, 200_000_000n);
    increaseStake(s, HOT, "coldkey3", NET, 200_000_000n);
    assert.equal(NumStakingColdkeys.get(s), 2);
    assert.equal(StakingColdkeysByIndex.get(s, 0), "coldkey1");
    assert.equal(StakingColdkeysByIndex.get(s, 1), "coldkey2");
    assert.equal(StakingColdkeys.get(s, "coldkey3"), null);
  });

  it("test_sudo_set_num_root_claims: root only, at most 50", () => {
    const s = subnet();
    assert.equal(
      codeOf(() => call(s, "root", "sudo_set_num_root_claims", { new_value: MAX_NUM_ROOT_CLAIMS + 1 })),
      "InvalidNumRootClaim",
    );
    call(s, "root", "sudo_set_num_root_claims", { new_value: 27 });
    assert.equal(NumRootClaim.get(s), 27);
  });

  it("test_claim_root_threshold: owner or root, at most 10 000 000", () => {
    const s = subnet();
    assert.equal(RootClaimableThreshold.get(s, NET), DEFAULT_MIN_ROOT_CLAIM_AMOUNT << 32n);
    call(s, "root", "sudo_set_root_claim_threshold", { netuid: NET, new_value: 1000 });
    assert.equal(RootClaimableThreshold.get(s, NET), 1000n << 32n);
    call(s, OWNER, "sudo_set_root_claim_threshold", { netuid: NET, new_value: 2000 });
    assert.equal(RootClaimableThreshold.get(s, NET), 2000n << 32n);
    assert.equal(
      codeOf(() => call(s, HOT, "sudo_set_root_claim_threshold", { netuid: NET, new_value: 1 })),
      "BadOrigin",
    );
    assert.equal(
      codeOf(() =>
        call(s, OWNER, "sudo_set_root_claim_threshold", {
          netuid: NET,
          new_value: MAX_ROOT_CLAIM_THRESHOLD + 1n,
        }),
      ),
      "InvalidRootClaimThreshold",
    );
    assert.equal(
      codeOf(() => call(s, "root", "sudo_set_root_claim_threshold", { netuid: 7, new_value: 1 })),
      "SubnetNotExists",
    );
  });

  it("test_claim_root_subnet_limits: 1 to 5 subnets per claim", () => {
    const s = subnet();
    assert.equal(
      codeOf(() => claim(s, "ck", [])),
      "InvalidSubnetNumber",
    );
    assert.equal(
      codeOf(() => claim(s, "ck", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
      "InvalidSubnetNumber",
    );
    // a set: repeated netuids count once
    claim(s, "ck", [1, 1, 2, 3, 4, 5, 5]);
  });

  it("test_claim_root_with_unrelated_subnets: claiming elsewhere changes nothing", () => {
    const s = subnet();
    const ck = "coldkey";
    increaseStake(s, HOT, ck, 0, 2_000_000n);
    increaseStake(s, HOT, OWNER, NET, 10_000_000n);
    distributeRoot(s, 1_000_000n);
    setType(s, ck, "Keep");
    claim(s, ck, [100]);
    assert.equal(stakeOf(s, HOT, ck, 100), 0n);
    assert.equal(stakeOf(s, HOT, ck, NET), 0n);
    claim(s, ck, [NET]);
    const stake = stakeOf(s, HOT, ck, NET);
    assert.ok(stake > 0n);
    assert.equal(RootClaimed.get(s, NET, claimKey(HOT, ck)), stake);
  });

  it("test_claim_root_with_keep_subnets: empty set refused, a kept subnet is claimed as alpha", () => {
    const s = subnet();
    const ck = "coldkey";
    increaseStake(s, HOT, ck, 0, 2_000_000n);
    increaseStake(s, HOT, OWNER, NET, 10_000_000n);
    distributeRoot(s, 1_000_000n);
    assert.equal(
      codeOf(() => setType(s, ck, { KeepSubnets: { subnets: [] } })),
      "InvalidSubnetNumber",
    );
    setType(s, ck, { KeepSubnets: { subnets: [NET, NET] } });
    assert.deepEqual(RootClaimType.get(s, ck), { KeepSubnets: { subnets: [NET] } });
    claim(s, ck);
    near(stakeOf(s, HOT, ck, NET), times(s, 2_000_000n), 10n, "kept alpha");
  });

  it("test_claim_root_keep_subnets_swap_claim_type: a subnet not kept is swapped", () => {
    const s = subnet(50_000_000_000n, 100_000_000_000n);
    const ck = "coldkey";
    increaseStake(s, HOT, ck, 0, 2_000_000n);
    increaseStake(s, HOT, "other", 0, 18_000_000n);
    SubnetTAO.update(s, 0, (v) => v + 20_000_000n);
    increaseStake(s, HOT, OWNER, NET, 10_000_000n);
    distributeRoot(s, 10_000_000n);
    setType(s, ck, { KeepSubnets: { subnets: [100] } });
    claim(s, ck);
    near(
      stakeOf(s, HOT, ck, 0),
      2_000_000n + BigInt(Math.floor(10_000_000 * (1 - TAKE) * 0.5 * 0.1)),
      10_000n,
      "root",
    );
    assert.equal(stakeOf(s, HOT, ck, NET), 0n);
  });

  it("threshold: owed amounts below RootClaimableThreshold are left for later", () => {
    const s = subnet();
    const ck = "coldkey";
    increaseStake(s, HOT, ck, 0, 2_000_000n);
    increaseStake(s, HOT, OWNER, NET, 10_000_000n);
    distributeRoot(s, 500_000n); // owed ≈ 410 000 < 500 000
    setType(s, ck, "Keep");
    const owed = rootOwed(s, HOT, ck, NET);
    assert.ok(owed > 0n && owed < DEFAULT_MIN_ROOT_CLAIM_AMOUNT);
    const events = claim(s, ck);
    assert.deepEqual(events.at(-1)?.data.claims, []);
    assert.equal(RootClaimed.get(s, NET, claimKey(HOT, ck)), 0n);
    call(s, OWNER, "sudo_set_root_claim_threshold", { netuid: NET, new_value: 0 });
    claim(s, ck);
    assert.equal(stakeOf(s, HOT, ck, NET), owed);
    assert.equal(rootOwed(s, HOT, ck, NET), 0n);
  });

  it("rootClaimableOf: per (hotkey, subnet) owed amounts of a coldkey", () => {
    const s = subnet();
    const ck = "coldkey";
    increaseStake(s, HOT, ck, 0, 2_000_000n);
    increaseStake(s, HOT, OWNER, NET, 10_000_000n);
    distributeRoot(s, 1_000_000n);
    const [entry, ...rest] = rootClaimableOf(s, ck);
    assert.equal(rest.length, 0);
    assert.deepEqual(entry, {
      hotkey: HOT,
      netuid: NET,
      rate: RootClaimable.get(s, HOT, NET),
      rootStake: 2_000_000n,
      claimed: 0n,
      owed: times(s, 2_000_000n),
      threshold: DEFAULT_MIN_ROOT_CLAIM_AMOUNT,
    });
    assert.deepEqual(rootClaimableOf(s, "nobody"), []);
  });

  it("parent hash: 32-byte hashes are used as they are, placeholders are hashed", () => {
    const raw = `0x${"ab".repeat(32)}`;
    assert.deepEqual([...parentHashBytes(raw)], new Array(32).fill(0xab));
    assert.equal(parentHashBytes("0x1").length, 32);
    assert.notDeepEqual([...parentHashBytes("0x1")], [...parentHashBytes("0x2")]);
  });
});

// ---------------------------------------------------------------------------------------------------
// real transactions

interface Net {
  readonly c: TestChain;
  readonly net: number;
  readonly hot: string;
}

/** A dev chain with a started subnet whose own emission is off; TaoWeight 1; auto-claim off unless asked. */
async function chain(autoClaim = false): Promise<Net> {
  const c = await TestChain.create();
  const net = registerSubnet(c, "//Alice", "//Alice/sn");
  c.expectOk(c.block(c.tx("//Alice", "subtensor", "start_call", { netuid: net })));
  if (!autoClaim) c.expectOk(c.block(c.sudo("subtensor", "sudo_set_num_root_claims", { new_value: 0 })));
  SubnetEmissionEnabled.set(c.state, net, false);
  FirstEmissionBlockNumber.set(c.state, net, null);
  TaoWeight.set(c.state, U64_MAX);
  return { c, net, hot: c.addr("//Alice/sn") };
}

function accrue({ c, net }: Net, pendingRoot: bigint): void {
  SubnetAlphaOut.update(c.state, net, (v) => v + pendingRoot);
  distributeEmission(blockContext(c.state, c.number, c.spec), net, 0n, 0n, pendingRoot, 0n);
}

const stakeRoot = ({ c, hot }: Net, who: string, amount: bigint) =>
  c.expectOk(c.block(c.tx(who, "subtensor", "add_stake", { hotkey: hot, netuid: 0, amount_staked: amount })));
const keep = ({ c }: Net, ...who: string[]) =>
  c.expectOk(
    c.block(...who.map((w) => c.tx(w, "subtensor", "set_root_claim_type", { new_root_claim_type: "Keep" }))),
  );
/** Claims in one block; returns the alpha each coldkey claimed (from the RootClaimed events). */
function claimTx({ c, net }: Net, ...who: string[]): (uri: string) => bigint {
  const r = c.expectOk(c.block(...who.map((w) => c.tx(w, "subtensor", "claim_root", { subnets: [net] }))));
  const got = new Map<string, bigint>();
  for (const e of r.events)
    if (e.name === "RootClaimed") got.set(e.data.coldkey as string, e.data.alpha as bigint);
  return (uri) => got.get(c.addr(uri)) ?? 0n;
}

describe("root claim: transactions", () => {
  before(cryptoReady);

  it("set_root_claim_type / claim_root / sudo setters through real transactions, with the reference's errors", async () => {
    const n = await chain();
    const { c, net } = n;
    const r = c.block(c.tx("//Bob", "subtensor", "claim_root", { subnets: [] }));
    c.expectError(r, "InvalidSubnetNumber");
    c.expectError(
      c.block(c.tx("//Bob", "subtensor", "claim_root", { subnets: [1, 2, 3, 4, 5, 6] })),
      "InvalidSubnetNumber",
    );
    c.expectError(
      c.block(
        c.tx("//Bob", "subtensor", "set_root_claim_type", {
          new_root_claim_type: { KeepSubnets: { subnets: [] } },
        }),
      ),
      "InvalidSubnetNumber",
    );
    const ok = c.expectOk(
      c.block(
        c.tx("//Bob", "subtensor", "set_root_claim_type", {
          new_root_claim_type: { KeepSubnets: { subnets: [net] } },
        }),
      ),
    );
    assert.ok(ok.events.some((e) => e.name === "RootClaimTypeSet"));
    c.expectError(
      c.block(c.tx("//Bob", "subtensor", "sudo_set_num_root_claims", { new_value: 3 })),
      "BadOrigin",
    );
    c.expectError(
      c.block(c.sudo("subtensor", "sudo_set_num_root_claims", { new_value: 51 })),
      "InvalidNumRootClaim",
    );
    c.expectOk(
      c.block(c.tx("//Alice", "subtensor", "sudo_set_root_claim_threshold", { netuid: net, new_value: 0 })),
    );
    assert.equal(RootClaimableThreshold.get(c.state, net), 0n);
    c.expectError(
      c.block(c.tx("//Bob", "subtensor", "sudo_set_root_claim_threshold", { netuid: net, new_value: 0 })),
      "BadOrigin",
    );
    const claimed = c.expectOk(c.block(c.tx("//Bob", "subtensor", "claim_root", { subnets: [net] })));
    assert.deepEqual(
      claimed.events.filter((e) => e.name === "RootClaimed").map((e) => e.data),
      [{ coldkey: c.addr("//Bob"), claims: [], alpha: 0n, tao: 0n }],
    );
  });

  it("test_claim_root_with_changed_stake: remove_stake and add_stake on root keep each staker's share", async () => {
    const n = await chain();
    const { c, net, hot } = n;
    const rootStake = 8_000_000n;
    stakeRoot(n, "//Bob", rootStake);
    stakeRoot(n, "//Charlie", rootStake);
    increaseStake(c.state, hot, c.addr("//Alice"), net, 10_000_000n);
    keep(n, "//Bob", "//Charlie");

    accrue(n, 10_000_000n);
    const round1 = claimTx(n, "//Bob", "//Charlie");
    const a1 = round1("//Bob");
    const b1 = round1("//Charlie");
    assert.equal(a1, b1);
    assert.equal(stakeOf(c.state, hot, c.addr("//Bob"), net), a1);
    near(a1, BigInt(Math.floor((10_000_000 * (1 - TAKE)) / 2)), 100n, "round 1");

    c.expectOk(
      c.block(
        c.tx("//Charlie", "subtensor", "remove_stake", {
          hotkey: hot,
          netuid: 0,
          amount_unstaked: rootStake / 2n,
        }),
      ),
    );
    accrue(n, 10_000_000n);
    const round2 = claimTx(n, "//Bob", "//Charlie");
    const a2 = round2("//Bob");
    const b2 = round2("//Charlie");
    near(a2, 2n * b2, 100n, "round 2 ratio");
    near(b2, BigInt(Math.floor((10_000_000 * (1 - TAKE)) / 3)), 100n, "round 2");

    stakeRoot(n, "//Charlie", rootStake / 2n);
    accrue(n, 10_000_000n);
    const round3 = claimTx(n, "//Bob", "//Charlie");
    const a3 = round3("//Bob");
    const b3 = round3("//Charlie");
    near(a3, b3, 100n, "round 3 ratio");
    near(b3, BigInt(Math.floor((10_000_000 * (1 - TAKE)) / 2)), 100n, "round 3");
  });

  it("test_claim_root_with_moved_stake: root stake transferred to another coldkey carries no past dividends", async () => {
    const n = await chain();
    const { c, net, hot } = n;
    const rootStake = 8_000_000n;
    stakeRoot(n, "//Bob", rootStake);
    stakeRoot(n, "//Charlie", rootStake);
    increaseStake(c.state, hot, c.addr("//Alice"), net, 10_000_000n);
    keep(n, "//Bob", "//Charlie", "//Eve");
    accrue(n, 10_000_000n);
    const round1 = claimTx(n, "//Bob", "//Charlie");
    assert.equal(round1("//Bob"), round1("//Charlie"));

    accrue(n, 10_000_000n);
    c.expectOk(
      c.block(
        c.tx("//Charlie", "subtensor", "transfer_stake", {
          destination_coldkey: c.addr("//Eve"),
          hotkey: hot,
          origin_netuid: 0,
          destination_netuid: 0,
          alpha_amount: rootStake / 2n,
        }),
      ),
    );
    assert.equal(rootOwed(c.state, hot, c.addr("//Eve"), net), 0n);
    const round2 = claimTx(n, "//Bob", "//Charlie", "//Eve");
    near(round2("//Eve"), 0n, 100n, "eve");
    const a2 = round2("//Bob");
    const b2 = round2("//Charlie");
    near(a2, b2, 100n, "round 2");
    near(b2, BigInt(Math.floor((10_000_000 * (1 - TAKE)) / 2)), 100n, "round 2");

    c.expectOk(
      c.block(
        c.tx("//Eve", "subtensor", "transfer_stake", {
          destination_coldkey: c.addr("//Charlie"),
          hotkey: hot,
          origin_netuid: 0,
          destination_netuid: 0,
          alpha_amount: stakeOf(c.state, hot, c.addr("//Eve"), 0),
        }),
      ),
    );
    accrue(n, 10_000_000n);
    const round3 = claimTx(n, "//Bob", "//Charlie");
    const a3 = round3("//Bob");
    const b3 = round3("//Charlie");
    near(a3, b3, 100n, "round 3");
    near(b3, BigInt(Math.floor((10_000_000 * (1 - TAKE)) / 2)), 100n, "round 3");
  });

  it("stake added after dividends accrued gets none of them; the earlier staker keeps all", async () => {
    const n = await chain();
    const { c, net, hot } = n;
    stakeRoot(n, "//Bob", 10_000_000n);
    accrue(n, 10_000_000n);
    const owedBob = rootOwed(c.state, hot, c.addr("//Bob"), net);
    near(owedBob, 8_200_000n, 100n, "bob");
    stakeRoot(n, "//Dave", 30_000_000n);
    assert.equal(rootOwed(c.state, hot, c.addr("//Dave"), net), 0n);
    assert.equal(rootOwed(c.state, hot, c.addr("//Bob"), net), owedBob);
    keep(n, "//Dave");
    assert.equal(claimTx(n, "//Dave")("//Dave"), 0n);
    assert.equal(stakeOf(c.state, hot, c.addr("//Dave"), net), 0n);
    // from now on Dave earns 3/4
    accrue(n, 10_000_000n);
    near(rootOwed(c.state, hot, c.addr("//Dave"), net), 6_150_000n, 100n, "dave");
    near(rootOwed(c.state, hot, c.addr("//Bob"), net), owedBob + 2_050_000n, 100n, "bob");
  });

  it("test_claim_root_on_network_deregistration: dissolving the subnet clears its claim books", async () => {
    const n = await chain();
    const { c, net, hot } = n;
    stakeRoot(n, "//Bob", 10_000_000n);
    stakeRoot(n, "//Charlie", 10_000_000n);
    accrue(n, 10_000_000n);
    claimTx(n, "//Bob");
    const bob = claimKey(hot, c.addr("//Bob"));
    assert.ok(RootClaimable.get(c.state, hot, net) > 0n);
    assert.ok(RootClaimed.get(c.state, net, bob) > 0n);
    c.expectOk(c.block(c.sudo("subtensor", "root_dissolve_network", { netuid: net })));
    assert.equal(NetworksAdded.get(c.state, net), false);
    assert.equal(RootClaimable.has(c.state, hot, net), false);
    assert.equal(RootClaimed.prefix(c.state, net).size, 0);
    assert.deepEqual(rootClaimableOf(c.state, c.addr("//Charlie")), []);
  });

  it("test_claim_root_with_block_emissions: the coinbase accrues root dividends and the auto-claim pays them", async () => {
    const n = await chain(true);
    const { c, net, hot } = n;
    // root selling on: the subnet's moving price above 1
    SubnetEmissionEnabled.set(c.state, net, true);
    FirstEmissionBlockNumber.set(c.state, net, c.number);
    SubnetMovingPrice.set(c.state, net, 2n << 32n);
    stakeRoot(n, "//Bob", 100n * 1_000_000_000n);
    stakeRoot(n, "//Charlie", 100n * 1_000_000_000n);
    keep(n, "//Charlie");
    const bob = c.addr("//Bob");
    const charlie = c.addr("//Charlie");
    assert.deepEqual([StakingColdkeys.get(c.state, bob), StakingColdkeys.get(c.state, charlie)], [0, 1]);
    const claims: ChainEvent[] = [];
    for (let i = 0; i < 40; i++) claims.push(...c.block().events.filter((e) => e.name === "RootClaimed"));
    assert.ok(RootClaimable.get(c.state, hot, net) > 0n, "no root dividends accrued");
    const claimedBy = new Set(claims.map((e) => e.data.coldkey));
    assert.ok(claimedBy.has(bob) && claimedBy.has(charlie), "both coldkeys auto-claimed");
    // Bob swaps (default): root stake grew; Charlie keeps: alpha on the subnet
    assert.ok(stakeOf(c.state, hot, bob, 0) > 100n * 1_000_000_000n);
    assert.ok(stakeOf(c.state, hot, charlie, net) > 0n);
    assert.equal(stakeOf(c.state, hot, charlie, 0), 100n * 1_000_000_000n);
    // a claimed coldkey was paid what it was owed down to the threshold at its last claim
    assert.ok(RootClaimed.get(c.state, net, claimKey(hot, charlie)) > 0n);
  });

  it("auto-claim draws NumRootClaim coldkeys from the parent hash; 0 disables it", async () => {
    const n = await chain();
    const { c, net, hot } = n;
    for (const who of ["//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"]) stakeRoot(n, who, 10_000_000n);
    accrue(n, 50_000_000n);
    c.advance(3);
    for (const who of ["//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"])
      assert.ok(rootOwed(c.state, hot, c.addr(who), net) > 0n, "auto-claim is off");
    c.expectOk(c.block(c.sudo("subtensor", "sudo_set_num_root_claims", { new_value: 1 })));
    const events = c.block().events.filter((e) => e.name === "RootClaimed");
    assert.equal(events.length, 1);
    const drawn = blockHashToIndices(
      parentHashBytes(`0x${c.number.toString(16)}`),
      1,
      BigInt(NumStakingColdkeys.get(c.state)),
    );
    assert.equal(events[0]?.data.coldkey, StakingColdkeysByIndex.get(c.state, Number(drawn[0])));
  });
});

// ---------------------------------------------------------------------------------------------------
// properties

type Op =
  | { kind: "accrue"; hot: number; net: number; amount: bigint }
  | { kind: "stake"; who: number; hot: number; tao: bigint }
  | { kind: "unstake"; who: number; hot: number; part: number }
  | { kind: "claim"; who: number; type: RootClaimTypeValue };

const HOTKEYS = [HOT, "validator-2"];
const COLDKEYS = ["ck0", "ck1", "ck2"];
const NETS = [1, 2];

const opArb = (withStakeChanges: boolean, types: RootClaimTypeValue[]): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      kind: fc.constant("accrue" as const),
      hot: fc.nat(1),
      net: fc.constantFrom(...NETS),
      amount: fc.bigInt(0n, 3_000_000_000n),
    }),
    fc.record({ kind: fc.constant("claim" as const), who: fc.nat(2), type: fc.constantFrom(...types) }),
    ...(withStakeChanges
      ? [
          fc.record({
            kind: fc.constant("stake" as const),
            who: fc.nat(2),
            hot: fc.nat(1),
            tao: fc.bigInt(1n, 5_000_000_000n),
          }),
          fc.record({
            kind: fc.constant("unstake" as const),
            who: fc.nat(2),
            hot: fc.nat(1),
            part: fc.integer({ min: 1, max: 100 }),
          }),
        ]
      : []),
  );

/** Two dynamic subnets (price 0.5 and 2), two validators with root stake from three coldkeys. */
function propertyState(threshold: bigint): State {
  const s = State.empty();
  const spec = testSpec();
  addSubnet(s, {
    netuid: 1,
    ownerColdkey: OWNER,
    ownerHotkey: HOT,
    tao: 500_000_000_000n,
    alpha: 1_000_000_000_000n,
  });
  addSubnet(s, {
    netuid: 2,
    ownerColdkey: OWNER,
    ownerHotkey: "owner-2",
    tao: 2_000_000_000_000n,
    alpha: 1_000_000_000_000n,
  });
  createOrVerifyHotkey(s, OWNER, "validator-2");
  for (const [i, ck] of COLDKEYS.entries())
    for (const hot of HOTKEYS) stakeTao(s, spec, ck, hot, 0, BigInt(i + 1) * 3_000_000_000n);
  for (const net of NETS) RootClaimableThreshold.set(s, net, threshold << 32n);
  return s;
}

/** TotalIssuance − (Σ free + Σ SubnetTAO): constant while TAO is conserved. */
function gap(s: State): bigint {
  let total = 0n;
  for (const a of Account.keys(s)) total += Account.get(s, a).free;
  for (const n of NetworksAdded.keys(s)) total += SubnetTAO.get(s, Number(n));
  return TotalIssuance.get(s) - total;
}

interface Books {
  accrued: Map<number, bigint>;
  claimed: Map<number, bigint>;
  /** Root stake credited to a position after rates exist (each may add < 1 rao per subnet, see below). */
  adds: number;
  accruals: number;
}

function run(
  s: State,
  ops: readonly Op[],
  check: (s: State, before: State | null, op: Op, claims: RootClaim[]) => void,
): Books {
  const books: Books = { accrued: new Map(), claimed: new Map(), adds: 0, accruals: 0 };
  const spec = testSpec();
  for (const op of ops) {
    switch (op.kind) {
      case "accrue": {
        const hot = HOTKEYS[op.hot] as string;
        if (op.amount === 0n || op.amount > TotalHotkeyAlpha.get(s, hot, 0)) break;
        SubnetAlphaOut.update(s, op.net, (v) => v + op.amount); // minted by the coinbase
        increaseRootClaimable(s, hot, op.net, op.amount);
        books.accrued.set(op.net, (books.accrued.get(op.net) ?? 0n) + op.amount);
        books.accruals++;
        check(s, null, op, []);
        break;
      }
      case "stake": {
        if (stakeTao(s, spec, COLDKEYS[op.who] as string, HOTKEYS[op.hot] as string, 0, op.tao) > 0n)
          books.adds++;
        break;
      }
      case "unstake": {
        const hot = HOTKEYS[op.hot] as string;
        const ck = COLDKEYS[op.who] as string;
        const amount = (stakeOf(s, hot, ck, 0) * BigInt(op.part)) / 100n;
        const removed = decreaseStake(s, hot, ck, 0, amount);
        SubnetTAO.update(s, 0, (v) => v - removed);
        SubnetAlphaOut.update(s, 0, (v) => v - removed);
        TotalStake.update(s, (v) => v - removed);
        TotalIssuance.update(s, (v) => v - removed); // burnt: conservation is kept
        break;
      }
      case "claim": {
        const ck = COLDKEYS[op.who] as string;
        RootClaimType.set(s, ck, op.type);
        const before = s.fork();
        const working = before.fork();
        const claims = doRootClaim(working, () => {}, ck);
        check(working, before, op, claims);
        // continue on the claimed state
        s = working;
        for (const c of claims) {
          books.claimed.set(c.netuid, (books.claimed.get(c.netuid) ?? 0n) + c.alpha);
          if (c.tao > 0n) books.adds++;
        }
        break;
      }
    }
  }
  return books;
}

/** Every coldkey claims at the end (Keep). */
const claimAll: Op[] = COLDKEYS.map((_, who) => ({ kind: "claim", who, type: "Keep" }));

describe("root claim: properties", () => {
  it("with fixed root stakes, total claimed never exceeds total accrued per subnet (Keep)", () => {
    fc.assert(
      fc.property(
        fc.array(opArb(false, ["Keep"]), { maxLength: 40 }),
        fc.constantFrom(0n, 500_000n),
        (ops, threshold) => {
          const books = run(propertyState(threshold), [...ops, ...claimAll], () => {});
          for (const net of NETS) {
            const claimed = books.claimed.get(net) ?? 0n;
            const accrued = books.accrued.get(net) ?? 0n;
            assert.ok(claimed <= accrued, `subnet ${net}: claimed ${claimed} > accrued ${accrued}`);
            // and, everything claimed with threshold 0, little is lost: per accrual the rate's floor
            // (< root stake / 2^32 ≈ 4 rao here), per position the last fraction
            if (threshold === 0n) {
              const slack = BigInt(books.accruals) * 5n + BigInt(COLDKEYS.length * HOTKEYS.length);
              assert.ok(
                accrued - claimed <= slack,
                `subnet ${net}: ${accrued} accrued, only ${claimed} claimed`,
              );
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("with stake changes and swaps, claims exceed accruals by at most 1 rao per root stake addition", () => {
    // Adding x root stake raises RootClaimed by floor(rate·x): the fraction (< 1 rao per subnet) stays
    // owed to the new stake, as in the reference; removals forfeit in the other direction.
    fc.assert(
      fc.property(
        fc.array(opArb(true, ["Swap", "Keep", { KeepSubnets: { subnets: [2] } }]), { maxLength: 40 }),
        (ops) => {
          const books = run(propertyState(0n), [...ops, ...claimAll], () => {});
          for (const net of NETS) {
            const claimed = books.claimed.get(net) ?? 0n;
            const accrued = books.accrued.get(net) ?? 0n;
            assert.ok(
              claimed <= accrued + BigInt(books.adds),
              `subnet ${net}: ${claimed} > ${accrued} + ${books.adds}`,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("claims create no TAO and no alpha: TotalIssuance, TotalStake, Σ SubnetTAO and each subnet's alpha issuance are unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(opArb(true, ["Swap", "Keep", { KeepSubnets: { subnets: [1] } }]), { maxLength: 30 }),
        (ops) => {
          run(propertyState(0n), ops, (s, before, op, claims) => {
            if (before === null) return;
            assert.equal(TotalIssuance.get(s), TotalIssuance.get(before));
            assert.equal(TotalStake.get(s), TotalStake.get(before));
            assert.equal(gap(s), gap(before));
            for (const net of NETS)
              assert.equal(
                SubnetAlphaIn.get(s, net) + SubnetAlphaOut.get(s, net),
                SubnetAlphaIn.get(before, net) + SubnetAlphaOut.get(before, net),
                `alpha issuance of subnet ${net}`,
              );
            // the root pool grows by exactly the TAO staked on root
            const tao = claims.reduce((a, c) => a + c.tao, 0n);
            assert.equal(SubnetTAO.get(s, 0) - SubnetTAO.get(before, 0), tao);
            assert.equal(SubnetAlphaOut.get(s, 0) - SubnetAlphaOut.get(before, 0), tao);
            // with threshold 0 a claim leaves at most rounding owed (fractions of the claim and of the
            // root stake it added)
            if (op.kind !== "claim") return;
            const ck = COLDKEYS[op.who] as string;
            for (const hot of HOTKEYS)
              for (const net of NETS)
                assert.ok(rootOwed(s, hot, ck, net) <= 2n, `owed after claim on ${net}`);
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
