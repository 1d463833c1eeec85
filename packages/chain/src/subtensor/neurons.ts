/**
 * Neurons (chain.md §7): registration by burning TAO (`burned_register`, `register`, `register_limit`),
 * UID assignment and replacement, the neuron burn price (decayed every block, bumped by every
 * registration) and axon / prometheus serving.
 *
 * A registration pays the current `Burn` in TAO into the subnet pool, the alpha it buys is recycled
 * (removed from `SubnetAlphaOut`), so the TAO stays in the reserve and the price rises. There is no
 * per-block cap on normal subnets: the price bump replaces it (root keeps its caps).
 */
import { z } from "zod";
import { address, signer } from "../args.js";
import type { AccountId } from "../crypto.js";
import { ensure, fail } from "../errors.js";
import { createOrVerifyHotkey } from "../hotkeys.js";
import { deposit, freeBalance, withdraw } from "../pallets/balances.js";
import { buyAlpha } from "../pool.js";
import { hotkeyAlpha } from "../stake.js";
import { StorageDoubleMap, type StorageMap } from "../state/items.js";
import type { State } from "../state/state.js";
import {
  Active,
  type AxonInfo,
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
  NetworkRegistrationAllowed,
  NetworksAdded,
  Owner,
  Prometheus,
  type PrometheusInfo,
  RAORecycledForRegistration,
  RegistrationsThisBlock,
  RegistrationsThisInterval,
  ServingRateLimit,
  StakeWeight,
  SubnetAlphaOut,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetworkN,
  TargetRegistrationsPerInterval,
  Tempo,
  TotalStake,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
} from "../storage.js";
import type { BlockContext, CallContext, CallDef } from "../types.js";
import { recordTaoInflow } from "./coinbase/taoflow.js";

// ---------------------------------------------------------------------------------------------
// Storage owned by this area (not in storage.ts)

/** A TLS certificate served with the axon: first byte the algorithm, the rest (≤ 64 bytes) the key. */
export interface NeuronCertificate {
  readonly algorithm: number;
  /** Public key, hex with 0x. */
  readonly publicKey: string;
}
/** NeuronCertificates[netuid][hotkey], set by serve_axon_tls. */
export const NeuronCertificates = new StorageDoubleMap<number, AccountId, NeuronCertificate | null>(
  "NeuronCertificates",
  null,
);

// ---------------------------------------------------------------------------------------------
// Constants and fixed-point helpers

export const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
/** U64F64 raw bits of 1.0. */
const U64F64_ONE = 1n << 64n;
/** Q32 fixed point (the burn decay factor): 1.0 and 0.5. */
const Q32_ONE = 1n << 32n;
const Q32_HALF = 1n << 31n;
/** Mechanisms are stored under netuid + mecid × 4096 (chain.md §1.1). */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;

/** The storage index of a subnet's mechanism: netuid + mecid × 4096. */
export function mechanismIndex(netuid: number, mecid: number): number {
  return netuid + mecid * GLOBAL_MAX_SUBNET_COUNT;
}

/** `value · factor` for a Q32 factor, floored and saturated to u64 (the reference's mul_by_q32). */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

/** `base^exp` in Q32 by squaring, each product floored (the reference's pow_q32). */
export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = Q32_ONE;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if (power & 1) result = mulByQ32(result, factor);
    power >>>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const decayFactors = new Map<number, bigint>();

/**
 * The per-block burn decay factor for a half-life of `halfLife` blocks: the largest Q32 value f with
 * powQ32(f, halfLife) ≤ ½, found by bisection exactly as the reference does (1.0 for a half-life of 0).
 */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return Q32_ONE;
  const cached = decayFactors.get(halfLife);
  if (cached !== undefined) return cached;
  let lo = 0n;
  let hi = Q32_ONE;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > Q32_HALF) hi = mid;
    else lo = mid;
  }
  decayFactors.set(halfLife, lo);
  return lo;
}

function clampBurn(s: State, netuid: number, value: bigint): bigint {
  let v = value;
  const min = MinBurn.get(s, netuid);
  const max = MaxBurn.get(s, netuid);
  if (v < min) v = min;
  if (v > max) v = max;
  return v;
}

/** The burn after one block of decay: clamp(burn · f) for blocks after the first (chain.md §7.2). */
export function decayedBurn(s: State, netuid: number, block: number): bigint {
  const burn = Burn.get(s, netuid);
  const halfLife = BurnHalfLife.get(s, netuid);
  const next = halfLife > 0 && block > 1 ? mulByQ32(burn, decayFactorQ32(halfLife)) : burn;
  return clampBurn(s, netuid, next);
}

/**
 * After a successful registration: burn ← clamp(floor(burn · M)), M = max(BurnIncreaseMult, 1) in
 * U64F64, the product saturating at the U64F64 maximum.
 */
export function bumpBurnAfterRegistration(s: State, netuid: number): bigint {
  const raw = BurnIncreaseMult.get(s, netuid);
  const mult = raw > U64F64_ONE ? raw : U64F64_ONE;
  const product = Burn.get(s, netuid) * mult;
  const whole = (product > U128_MAX ? U128_MAX : product) >> 64n;
  const next = clampBurn(s, netuid, whole);
  Burn.set(s, netuid, next);
  return next;
}

/**
 * The per-block registration step (chain.md §3 step 2): every subnet's burn decays, the per-block
 * registration counter is reset, and root's interval counter is reset once per root tempo.
 */
export function neuronsBlockStep(ctx: BlockContext): void {
  const s = ctx.state;
  const now = ctx.header.number;
  const netuids = NetworksAdded.keys(s)
    .map(Number)
    .sort((a, b) => a - b);
  for (const netuid of netuids) {
    const burn = Burn.get(s, netuid);
    const next = decayedBurn(s, netuid, now);
    if (next !== burn) Burn.set(s, netuid, next);
    if (RegistrationsThisBlock.get(s, netuid) !== 0) RegistrationsThisBlock.set(s, netuid, 0);
    if (netuid === 0) {
      const tempo = Tempo.get(s, 0);
      const reset = tempo === 0 || now % tempo === 0;
      if (reset && RegistrationsThisInterval.get(s, 0) !== 0) RegistrationsThisInterval.set(s, 0, 0);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// UIDs: append, replace, prune (chain.md §7.3)

/** A copy of `vec` with `value` at `index`, padding with `fill` up to it. */
function withAt<T>(vec: readonly T[], index: number, value: T, fill: T): T[] {
  const out = vec.slice();
  while (out.length < index) out.push(fill);
  out[index] = value;
  return out;
}

/** A copy of `vec` with `value` at `index` if that position exists (the reference's set_element_at). */
function setExisting<T>(
  item: StorageMap<number, readonly T[]>,
  s: State,
  key: number,
  index: number,
  value: T,
) {
  const vec = item.get(s, key);
  if (index >= vec.length || vec[index] === value) return;
  const out = vec.slice();
  out[index] = value;
  item.set(s, key, out);
}

function mechanismIndices(s: State, netuid: number): number[] {
  const count = MechanismCountCurrent.get(s, netuid);
  return Array.from({ length: count }, (_, mecid) => mechanismIndex(netuid, mecid));
}

/** Sets LastUpdate[index][uid] = block, growing the vector with zeros if it is shorter. */
export function setLastUpdate(s: State, index: number, uid: number, block: number): void {
  LastUpdate.update(s, index, (v) => withAt(v, uid, block, 0));
}

/**
 * Appends `hotkey` as uid SubnetworkN on `netuid`: SubnetworkN + 1, every per-uid vector extended
 * (Active true, LastUpdate = `block` per mechanism, the rest 0/false), Keys/Uids/IsNetworkMember and
 * BlockAtRegistration written. Returns the new uid.
 */
export function appendNeuron(s: State, netuid: number, hotkey: AccountId, block: number): number {
  const uid = SubnetworkN.get(s, netuid);
  SubnetworkN.set(s, netuid, uid + 1);
  Active.update(s, netuid, (v) => withAt(v, uid, true, false));
  Emission.update(s, netuid, (v) => withAt(v, uid, 0n, 0n));
  Consensus.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  for (const index of mechanismIndices(s, netuid)) {
    Incentive.update(s, index, (v) => withAt(v, uid, 0, 0));
    setLastUpdate(s, index, uid, block);
  }
  Dividends.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  ValidatorTrust.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  ValidatorPermit.update(s, netuid, (v) => withAt(v, uid, false, false));
  StakeWeight.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  Keys.set(s, netuid, uid, hotkey);
  Uids.set(s, netuid, hotkey, uid);
  BlockAtRegistration.set(s, netuid, uid, block);
  IsNetworkMember.set(s, hotkey, netuid, true);
  return uid;
}

/**
 * Resets a uid's epoch results (the reference's clear_neuron): emission, consensus, incentive,
 * dividends, stake weight, validator trust and permit; its bonds and weights rows are removed and
 * other rows' weights pointing at it are set to 0, for every mechanism.
 */
export function clearNeuron(s: State, netuid: number, uid: number): void {
  setExisting(Emission, s, netuid, uid, 0n);
  setExisting(Consensus, s, netuid, uid, 0);
  for (const index of mechanismIndices(s, netuid)) {
    setExisting(Incentive, s, index, uid, 0);
    Bonds.remove(s, index, uid);
    Weights.remove(s, index, uid);
    for (const [row, weights] of Weights.prefix(s, index)) {
      if (!weights.some(([target, w]) => target === uid && w !== 0)) continue;
      Weights.set(
        s,
        index,
        Number(row),
        weights.map(([target, w]) => [target, target === uid ? 0 : w] as const),
      );
    }
  }
  setExisting(Dividends, s, netuid, uid, 0);
  setExisting(StakeWeight, s, netuid, uid, 0);
  setExisting(ValidatorTrust, s, netuid, uid, 0);
  setExisting(ValidatorPermit, s, netuid, uid, false);
}

/**
 * Puts `hotkey` in place of the neuron at `uid` (chain.md §7.3): the old hotkey loses its membership,
 * axon, prometheus and certificate; the uid's values are cleared and its LastUpdate set to `block`.
 * The subnet owner's hotkey is never replaced: returns false and changes nothing.
 */
export function replaceNeuron(
  s: State,
  netuid: number,
  uid: number,
  hotkey: AccountId,
  block: number,
): boolean {
  const old = Keys.get(s, netuid, uid);
  if (old !== null && SubnetOwnerHotkey.get(s, netuid) === old) return false;
  if (old !== null) {
    Uids.remove(s, netuid, old);
    IsNetworkMember.remove(s, old, netuid);
    Axons.remove(s, netuid, old);
    Prometheus.remove(s, netuid, old);
    NeuronCertificates.remove(s, netuid, old);
  }
  setExisting(Active, s, netuid, uid, true);
  Keys.set(s, netuid, uid, hotkey);
  Uids.set(s, netuid, hotkey, uid);
  BlockAtRegistration.set(s, netuid, uid, block);
  IsNetworkMember.set(s, hotkey, netuid, true);
  clearNeuron(s, netuid, uid);
  for (const index of mechanismIndices(s, netuid)) setLastUpdate(s, index, uid, block);
  return true;
}

/** current − BlockAtRegistration < ImmunityPeriod. */
export function isNeuronImmune(s: State, netuid: number, uid: number, now: number): boolean {
  const registeredAt = BlockAtRegistration.get(s, netuid, uid);
  return Math.max(now - registeredAt, 0) < ImmunityPeriod.get(s, netuid);
}

/**
 * The owner's "immortal" uids: among the uids whose hotkey the owner coldkey owns, the oldest
 * registrations first (then lowest uid), at most ImmuneOwnerUidsLimit; the SubnetOwnerHotkey, if
 * registered, is always put first (and the list cut to the limit again).
 */
export function immuneOwnerUids(s: State, netuid: number): Array<{ uid: number; hotkey: AccountId }> {
  const coldkey = SubnetOwner.get(s, netuid);
  const n = SubnetworkN.get(s, netuid);
  const owned: Array<{ block: number; uid: number; hotkey: AccountId }> = [];
  if (coldkey !== null) {
    for (let uid = 0; uid < n; uid++) {
      const hotkey = Keys.get(s, netuid, uid);
      if (hotkey !== null && Owner.get(s, hotkey) === coldkey)
        owned.push({ block: BlockAtRegistration.get(s, netuid, uid), uid, hotkey });
    }
  }
  owned.sort((a, b) => a.block - b.block || a.uid - b.uid);
  const limit = ImmuneOwnerUidsLimit.get(s, netuid);
  const immune = owned.slice(0, limit).map(({ uid, hotkey }) => ({ uid, hotkey }));
  const ownerHotkey = SubnetOwnerHotkey.get(s, netuid);
  const ownerUid = ownerHotkey === null ? null : Uids.get(s, netuid, ownerHotkey);
  if (ownerHotkey !== null && ownerUid !== null && !immune.some((e) => e.uid === ownerUid)) {
    immune.unshift({ uid: ownerUid, hotkey: ownerHotkey });
    immune.length = Math.min(immune.length, limit);
  }
  return immune;
}

/**
 * The uid a registration on a full subnet replaces (chain.md §7.3), or null if there is none: owner
 * immortal hotkeys are skipped; among the rest the lowest Emission, then earliest registration, then
 * lowest uid, separately for non-immune and immune uids; the non-immune candidate is taken only if more
 * than MinNonImmuneUids non-immune uids exist, otherwise the immune one.
 */
export function getNeuronToPrune(s: State, netuid: number, now: number): number | null {
  const n = SubnetworkN.get(s, netuid);
  if (n === 0) return null;
  const immortal = new Set(immuneOwnerUids(s, netuid).map((e) => e.hotkey));
  const emission = Emission.get(s, netuid);
  type Candidate = { emission: bigint; block: number; uid: number };
  const better = (a: Candidate, b: Candidate | null) =>
    b === null ||
    (a.emission !== b.emission
      ? a.emission < b.emission
      : a.block !== b.block
        ? a.block < b.block
        : a.uid < b.uid);
  let free = 0;
  let bestFree: Candidate | null = null;
  let bestImmune: Candidate | null = null;
  for (let uid = 0; uid < n; uid++) {
    const hotkey = Keys.get(s, netuid, uid);
    if (hotkey === null || immortal.has(hotkey)) continue;
    const c: Candidate = {
      emission: emission[uid] ?? 0n,
      block: BlockAtRegistration.get(s, netuid, uid),
      uid,
    };
    if (isNeuronImmune(s, netuid, uid, now)) {
      if (better(c, bestImmune)) bestImmune = c;
    } else {
      free++;
      if (better(c, bestFree)) bestFree = c;
    }
  }
  if (bestFree !== null && free > MinNonImmuneUids.get(s, netuid)) return bestFree.uid;
  return bestImmune?.uid ?? null;
}

/** Appends, or replaces the prune candidate on a full subnet; the uid, or NoNeuronIdAvailable. */
export function registerNeuron(s: State, netuid: number, hotkey: AccountId, block: number): number {
  if (SubnetworkN.get(s, netuid) < MaxAllowedUids.get(s, netuid))
    return appendNeuron(s, netuid, hotkey, block);
  const uid = getNeuronToPrune(s, netuid, block);
  if (uid === null || !replaceNeuron(s, netuid, uid, hotkey, block))
    fail("NoNeuronIdAvailable", `subnet ${netuid} is full and has no neuron that can be replaced`);
  return uid;
}

// ---------------------------------------------------------------------------------------------
// Registration (chain.md §7.1)

const netuidArg = z.number().int().min(0).max(65_535);
const u64Arg = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= U64_MAX, "expected a u64");

/** What a coldkey can spend and keep its existential deposit. */
function keepAliveBalance(ctx: CallContext, who: AccountId): bigint {
  const rest = freeBalance(ctx.state, who) - ctx.spec.params.existentialDeposit;
  return rest > 0n ? rest : 0n;
}

/** The checks before payment, in the reference's order; returns the price to pay. */
function checkRegistration(ctx: CallContext, coldkey: AccountId, netuid: number, hotkey: AccountId): bigint {
  const s = ctx.state;
  ensure(
    netuid !== 0,
    "RegistrationNotPermittedOnRootSubnet",
    "neurons cannot register on the root network (netuid 0); use root_register",
  );
  ensure(NetworksAdded.get(s, netuid), "SubnetNotExists", `subnet ${netuid} does not exist`);
  ensure(
    NetworkRegistrationAllowed.get(s, netuid),
    "SubNetRegistrationDisabled",
    `registration is disabled on subnet ${netuid}`,
  );
  ensure(
    Uids.get(s, netuid, hotkey) === null,
    "HotKeyAlreadyRegisteredInSubNet",
    `hotkey ${hotkey} is already registered on subnet ${netuid}`,
  );
  const cost = Burn.get(s, netuid);
  const spendable = keepAliveBalance(ctx, coldkey);
  ensure(
    spendable >= cost,
    "NotEnoughBalanceToStake",
    `registration costs ${cost} rao; ${coldkey} can spend ${spendable} rao while keeping the existential deposit`,
  );
  createOrVerifyHotkey(s, coldkey, hotkey);
  const maxUids = MaxAllowedUids.get(s, netuid);
  ensure(maxUids !== 0, "NoNeuronIdAvailable", `subnet ${netuid} allows no neurons (MaxAllowedUids = 0)`);
  if (SubnetworkN.get(s, netuid) >= maxUids) {
    ensure(
      getNeuronToPrune(s, netuid, ctx.header.number) !== null,
      "NoNeuronIdAvailable",
      `subnet ${netuid} is full and has no neuron that can be replaced`,
    );
  }
  return cost;
}

/**
 * Pays a registration: the TAO leaves the coldkey (keeping its existential deposit), buys alpha through
 * the subnet pool (the swap fee goes to the block author) and the bought alpha is recycled. Returns the
 * alpha recycled.
 */
function payRegistration(ctx: CallContext, coldkey: AccountId, netuid: number, cost: bigint): bigint {
  if (cost === 0n) return 0n;
  const s = ctx.state;
  withdraw(s, ctx.spec, coldkey, cost, "keepAlive");
  const { out, fee } = buyAlpha(s, netuid, cost);
  if (fee > 0n) deposit(s, ctx.spec, ctx.header.author, fee);
  SubnetAlphaOut.update(s, netuid, (v) => (v > out ? v - out : 0n));
  TotalStake.update(s, (v) => v + cost);
  recordTaoInflow(s, netuid, cost - fee);
  return out;
}

/** A full burn registration of `hotkey` on `netuid` paid by `coldkey`; returns the uid. */
export function burnedRegister(
  ctx: CallContext,
  coldkey: AccountId,
  netuid: number,
  hotkey: AccountId,
): number {
  const s = ctx.state;
  const cost = checkRegistration(ctx, coldkey, netuid, hotkey);
  const recycled = payRegistration(ctx, coldkey, netuid, cost);
  const uid = registerNeuron(s, netuid, hotkey, ctx.header.number);
  bumpBurnAfterRegistration(s, netuid);
  RegistrationsThisBlock.update(s, netuid, (v) => v + 1);
  RAORecycledForRegistration.update(s, netuid, (v) => v + cost);
  ctx.emit({
    pallet: "SubtensorModule",
    name: "NeuronRegistered",
    data: { netuid, uid, hotkey, coldkey, burn: cost, alphaRecycled: recycled },
  });
  return uid;
}

/**
 * `root_register(hotkey)` (chain.md §8.5): no burn; at most MaxRegistrationsPerBlock per block and fewer
 * than 3 × TargetRegistrationsPerInterval per root interval; on a full root network the member with the
 * least root stake (lowest uid on ties) is replaced, only by a hotkey with more root stake.
 */
export function rootRegister(ctx: CallContext, coldkey: AccountId, hotkey: AccountId): number {
  const s = ctx.state;
  const now = ctx.header.number;
  ensure(NetworksAdded.get(s, 0), "RootNetworkDoesNotExist", "the root network does not exist");
  ensure(
    RegistrationsThisBlock.get(s, 0) < MaxRegistrationsPerBlock.get(s, 0),
    "TooManyRegistrationsThisBlock",
    "the root network takes no more registrations in this block; try the next block",
  );
  ensure(
    RegistrationsThisInterval.get(s, 0) < TargetRegistrationsPerInterval.get(s, 0) * 3,
    "TooManyRegistrationsThisInterval",
    "the root network takes no more registrations in this interval; try after the next root tempo",
  );
  ensure(
    Uids.get(s, 0, hotkey) === null,
    "HotKeyAlreadyRegisteredInSubNet",
    `hotkey ${hotkey} is already registered on the root network`,
  );
  createOrVerifyHotkey(s, coldkey, hotkey);
  let uid: number;
  if (SubnetworkN.get(s, 0) < MaxAllowedUids.get(s, 0)) {
    uid = appendNeuron(s, 0, hotkey, now);
  } else {
    let lowest: { uid: number; stake: bigint } | null = null;
    for (let i = 0; i < SubnetworkN.get(s, 0); i++) {
      const member = Keys.get(s, 0, i);
      if (member === null) continue;
      const stake = hotkeyAlpha(s, member, 0);
      if (lowest === null || stake < lowest.stake) lowest = { uid: i, stake };
    }
    ensure(lowest !== null, "NoNeuronIdAvailable", "the root network allows no members");
    const own = hotkeyAlpha(s, hotkey, 0);
    ensure(
      lowest.stake < own,
      "StakeTooLowForRoot",
      `the root network is full: ${hotkey} needs more than ${lowest.stake} rao of root stake (has ${own})`,
    );
    replaceNeuron(s, 0, lowest.uid, hotkey, now);
    uid = lowest.uid;
  }
  // Every hotkey is a delegate with the default take (18 %) already: nothing to write.
  RegistrationsThisInterval.update(s, 0, (v) => v + 1);
  RegistrationsThisBlock.update(s, 0, (v) => v + 1);
  ctx.emit({
    pallet: "SubtensorModule",
    name: "NeuronRegistered",
    data: { netuid: 0, uid, hotkey, coldkey },
  });
  return uid;
}

const rootRegisterArgs = z.object({ hotkey: address });
type RootRegisterArgs = z.infer<typeof rootRegisterArgs>;

const registrationWeight = 350_000_000n;

const burnedRegisterArgs = z.object({ netuid: netuidArg, hotkey: address });
type BurnedRegisterArgs = z.infer<typeof burnedRegisterArgs>;

const registerArgs = z.object({
  netuid: netuidArg,
  hotkey: address,
  // Legacy proof-of-work arguments: accepted and ignored (the registration is paid by burn).
  block_number: u64Arg.optional(),
  nonce: u64Arg.optional(),
  work: z.unknown().optional(),
  coldkey: address.optional(),
});
type RegisterArgs = z.infer<typeof registerArgs>;

const registerLimitArgs = z.object({ netuid: netuidArg, hotkey: address, limit_price: u64Arg });
type RegisterLimitArgs = z.infer<typeof registerLimitArgs>;

// ---------------------------------------------------------------------------------------------
// Serving (chain.md §7.6)

const U32_MAX = 0xffff_ffff;
const IPV4_LOCALHOST = 0x7f00_0001n;

/** The reference's IP check: v4 below 2^32 − 1 and not 127.0.0.1, v6 not ::1 nor all ones. */
export function isValidIpAddress(ipType: number, ip: bigint, allowZero: boolean): boolean {
  if (!allowZero && ip === 0n) return false;
  if (ipType === 4 && (ip >= BigInt(U32_MAX) || ip === IPV4_LOCALHOST)) return false;
  if (ipType === 6 && (ip === U128_MAX || ip === 1n)) return false;
  return true;
}

const passesServingRateLimit = (s: State, netuid: number, lastServed: number, now: number) => {
  const limit = ServingRateLimit.get(s, netuid);
  return limit === 0 || lastServed === 0 || now - lastServed >= limit;
};

const u8Arg = z.number().int().min(0).max(255);
const u16Arg = z.number().int().min(0).max(65_535);
const u128Arg = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= U128_MAX, "expected a u128");
const bytesArg = z.union([
  z.instanceof(Uint8Array),
  z
    .string()
    .regex(/^0x([0-9a-fA-F]{2})*$/, "expected hex bytes with 0x")
    .transform((h) => Uint8Array.from(Buffer.from(h.slice(2), "hex"))),
]);

const serveAxonArgs = z.object({
  netuid: netuidArg,
  version: z.number().int().min(0).max(U32_MAX),
  ip: u128Arg,
  port: u16Arg,
  ip_type: u8Arg,
  protocol: u8Arg,
  placeholder1: u8Arg,
  placeholder2: u8Arg,
});
type ServeAxonArgs = z.infer<typeof serveAxonArgs>;
const serveAxonTlsArgs = serveAxonArgs.extend({ certificate: bytesArg });
type ServeAxonTlsArgs = z.infer<typeof serveAxonTlsArgs>;
const servePrometheusArgs = z.object({
  netuid: netuidArg,
  version: z.number().int().min(0).max(U32_MAX),
  ip: u128Arg,
  port: u16Arg,
  ip_type: u8Arg,
});
type ServePrometheusArgs = z.infer<typeof servePrometheusArgs>;

const validIpType = (ipType: number) => ipType === 4 || ipType === 6;

function serveAxon(ctx: CallContext, a: ServeAxonArgs, certificate?: Uint8Array): void {
  const s = ctx.state;
  const hotkey = signer(ctx);
  const now = ctx.header.number;
  ensure(NetworksAdded.get(s, a.netuid), "SubnetNotExists", `subnet ${a.netuid} does not exist`);
  ensure(
    Uids.get(s, a.netuid, hotkey) !== null,
    "HotKeyNotRegisteredInNetwork",
    `hotkey ${hotkey} is not registered on subnet ${a.netuid}; sign with a registered hotkey`,
  );
  ensure(validIpType(a.ip_type), "InvalidIpType", `ip_type must be 4 or 6, not ${a.ip_type}`);
  ensure(
    isValidIpAddress(a.ip_type, a.ip, true),
    "InvalidIpAddress",
    `${a.ip} is not a valid public IPv${a.ip_type} address`,
  );
  const prev = Axons.get(s, a.netuid, hotkey);
  ensure(
    passesServingRateLimit(s, a.netuid, prev?.block ?? 0, now),
    "ServingRateLimitExceeded",
    `the axon was served at block ${prev?.block}; wait ${ServingRateLimit.get(s, a.netuid)} blocks between updates`,
  );
  ensure(a.port !== 0, "InvalidPort", "port must not be 0");
  if (certificate !== undefined && certificate.length >= 1 && certificate.length <= 65) {
    NeuronCertificates.set(s, a.netuid, hotkey, {
      algorithm: certificate[0] ?? 0,
      publicKey: `0x${Buffer.from(certificate.subarray(1)).toString("hex")}`,
    });
  }
  const axon: AxonInfo = {
    block: now,
    version: a.version,
    ip: a.ip.toString(),
    port: a.port,
    ipType: a.ip_type,
    protocol: a.protocol,
    placeholder1: a.placeholder1,
    placeholder2: a.placeholder2,
  };
  Axons.set(s, a.netuid, hotkey, axon);
  ctx.emit({ pallet: "SubtensorModule", name: "AxonServed", data: { netuid: a.netuid, hotkey } });
}

function servePrometheus(ctx: CallContext, a: ServePrometheusArgs): void {
  const s = ctx.state;
  const hotkey = signer(ctx);
  const now = ctx.header.number;
  ensure(NetworksAdded.get(s, a.netuid), "SubnetNotExists", `subnet ${a.netuid} does not exist`);
  ensure(validIpType(a.ip_type), "InvalidIpType", `ip_type must be 4 or 6, not ${a.ip_type}`);
  ensure(
    isValidIpAddress(a.ip_type, a.ip, false),
    "InvalidIpAddress",
    `${a.ip} is not a valid public IPv${a.ip_type} address`,
  );
  ensure(
    Uids.get(s, a.netuid, hotkey) !== null,
    "HotKeyNotRegisteredInNetwork",
    `hotkey ${hotkey} is not registered on subnet ${a.netuid}; sign with a registered hotkey`,
  );
  const prev = Prometheus.get(s, a.netuid, hotkey);
  ensure(
    passesServingRateLimit(s, a.netuid, prev?.block ?? 0, now),
    "ServingRateLimitExceeded",
    `prometheus was served at block ${prev?.block}; wait ${ServingRateLimit.get(s, a.netuid)} blocks between updates`,
  );
  ensure(a.port !== 0, "InvalidPort", "port must not be 0");
  const info: PrometheusInfo = {
    block: now,
    version: a.version,
    ip: a.ip.toString(),
    port: a.port,
    ipType: a.ip_type,
  };
  Prometheus.set(s, a.netuid, hotkey, info);
  ctx.emit({ pallet: "SubtensorModule", name: "PrometheusServed", data: { netuid: a.netuid, hotkey } });
}

const servingWeight = 50_000_000n;

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const neuronsCalls: Record<string, CallDef<any>> = {
  burned_register: {
    args: burnedRegisterArgs,
    origin: "signed",
    pays: true,
    weight: registrationWeight,
    apply: (ctx, a: BurnedRegisterArgs) => {
      burnedRegister(ctx, signer(ctx), a.netuid, a.hotkey);
    },
  } satisfies CallDef<BurnedRegisterArgs>,
  register: {
    args: registerArgs,
    origin: "signed",
    pays: true,
    weight: registrationWeight,
    apply: (ctx, a: RegisterArgs) => {
      burnedRegister(ctx, signer(ctx), a.netuid, a.hotkey);
    },
  } satisfies CallDef<RegisterArgs>,
  register_limit: {
    args: registerLimitArgs,
    origin: "signed",
    pays: true,
    weight: registrationWeight,
    apply: (ctx, a: RegisterLimitArgs) => {
      const s = ctx.state;
      ensure(
        a.netuid !== 0,
        "RegistrationNotPermittedOnRootSubnet",
        "neurons cannot register on the root network (netuid 0); use root_register",
      );
      ensure(NetworksAdded.get(s, a.netuid), "SubnetNotExists", `subnet ${a.netuid} does not exist`);
      const cost = Burn.get(s, a.netuid);
      ensure(
        cost <= a.limit_price,
        "RegistrationPriceLimitExceeded",
        `registration costs ${cost} rao, above your limit of ${a.limit_price} rao`,
      );
      burnedRegister(ctx, signer(ctx), a.netuid, a.hotkey);
    },
  } satisfies CallDef<RegisterLimitArgs>,
  root_register: {
    args: rootRegisterArgs,
    origin: "signed",
    pays: true,
    weight: registrationWeight,
    apply: (ctx, a: RootRegisterArgs) => {
      rootRegister(ctx, signer(ctx), a.hotkey);
    },
  } satisfies CallDef<RootRegisterArgs>,
  serve_axon: {
    args: serveAxonArgs,
    origin: "signed",
    pays: false,
    weight: servingWeight,
    apply: (ctx, a: ServeAxonArgs) => serveAxon(ctx, a),
  } satisfies CallDef<ServeAxonArgs>,
  serve_axon_tls: {
    args: serveAxonTlsArgs,
    origin: "signed",
    pays: false,
    weight: servingWeight,
    apply: (ctx, a: ServeAxonTlsArgs) => serveAxon(ctx, a, a.certificate),
  } satisfies CallDef<ServeAxonTlsArgs>,
  serve_prometheus: {
    args: servePrometheusArgs,
    origin: "signed",
    pays: false,
    weight: servingWeight,
    apply: (ctx, a: ServePrometheusArgs) => servePrometheus(ctx, a),
  } satisfies CallDef<ServePrometheusArgs>,
};
