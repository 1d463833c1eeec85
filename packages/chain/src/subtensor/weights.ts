/**
 * Weights (chain.md §9): `set_weights` / `set_mechanism_weights` when commit-reveal is off, and hash
 * commit-reveal (v2) when it is on: `commit_weights` then, in epoch commit_epoch + RevealPeriodEpochs,
 * `reveal_weights` (and their mechanism variants). Weights are stored max-upscaled (the largest becomes
 * 65535) as sparse (uid, weight) rows under the mechanism's storage index.
 *
 * The reference's timelocked commit-reveal (drand) is in timelock.ts (a local beacon); its reveals apply
 * weights through `setWeightsInternal`.
 */
import { maxUpscaleU16 } from "@taonet/yuma";
import { z } from "zod";
import { signer } from "../args.js";
import { type AccountId, blake2b256 } from "../crypto.js";
import { ensure, fail } from "../errors.js";
import { encode } from "../state/encode.js";
import type { State } from "../state/state.js";
import {
  BlocksSinceLastStep,
  CommitRevealWeightsEnabled,
  Keys,
  LastEpochBlock,
  LastUpdate,
  MechanismCountCurrent,
  MinAllowedWeights,
  NetworksAdded,
  PendingEpochAt,
  RevealPeriodEpochs,
  StakeThreshold,
  SubnetEpochIndex,
  SubnetOwnerHotkey,
  SubnetworkN,
  TaoWeight,
  Tempo,
  Uids,
  ValidatorPermit,
  type WeightCommit,
  WeightCommits,
  Weights,
  WeightsSetRateLimit,
  WeightsVersionKey,
} from "../storage.js";
import type { CallContext, CallDef } from "../types.js";
import { inheritedAlpha, inheritedTao } from "./children.js";
import { mechanismIndex, setLastUpdate, U64_MAX } from "./neurons.js";

const U16_MAX = 65_535;
/** Unrevealed commits a hotkey may hold per mechanism. */
export const MAX_UNREVEALED_COMMITS = 10;
/** An epoch is forced after this many blocks without one (the scheduler's safety valve). */
const MAX_BLOCKS_WITHOUT_EPOCH = 50_400;

// ---------------------------------------------------------------------------------------------
// Pure helpers

export { maxUpscaleU16 };

/**
 * The commit hash of hash commit-reveal: blake2b-256 of the canonical encoding (state/encode.ts) of
 * {hotkey, netuidIndex, uids, values, salt, versionKey}, as 0x-hex. Not the reference's SCALE
 * encoding: a commit made for Bittensor does not reveal here, and vice versa.
 */
export function commitHash(
  hotkey: AccountId,
  netuidIndex: number,
  uids: readonly number[],
  values: readonly number[],
  salt: readonly number[],
  versionKey: bigint,
): string {
  const bytes = encode({
    hotkey,
    netuidIndex,
    uids: [...uids],
    values: [...values],
    salt: [...salt],
    versionKey,
  });
  return `0x${Buffer.from(blake2b256(bytes)).toString("hex")}`;
}

const I64F64_MAX = (1n << 127n) - 1n;

/**
 * A hotkey's stake weight on a subnet as I64F64 raw bits: alpha + TaoWeight · root stake, with
 * TaoWeight converted as the reference does (U96F32 of TaoWeight / u64::MAX, then I64F64).
 * Alpha and root stake are the inherited ones (childkeys, children.ts).
 */
export function stakeWeightI64F64(s: State, hotkey: AccountId, netuid: number): bigint {
  const alpha = inheritedAlpha(s, hotkey, netuid);
  const root = netuid === 0 ? 0n : inheritedTao(s, hotkey, netuid);
  const taoWeightQ32 = (TaoWeight.get(s) << 32n) / U64_MAX;
  const total = (alpha << 64n) + ((root * taoWeightQ32) << 32n);
  return total > I64F64_MAX ? I64F64_MAX : total;
}

/** The uid of the subnet owner's hotkey, if registered. */
export function ownerUid(s: State, netuid: number): number | null {
  const hotkey = SubnetOwnerHotkey.get(s, netuid);
  return hotkey === null ? null : Uids.get(s, netuid, hotkey);
}

/** Stake weight ≥ StakeThreshold, or the hotkey is the subnet owner's (check_weights_min_stake). */
export function hasWeightsMinStake(s: State, hotkey: AccountId, netuid: number): boolean {
  const owner = ownerUid(s, netuid);
  if (owner !== null && Uids.get(s, netuid, hotkey) === owner) return true;
  return stakeWeightI64F64(s, hotkey, netuid) >= StakeThreshold.get(s) << 64n;
}

/** Whether the stateful epoch scheduler would run the subnet's epoch at `block` (chain.md §8.4). */
export function isEpochDue(s: State, netuid: number, block: number): boolean {
  const tempo = Tempo.get(s, netuid);
  if (tempo === 0) return false;
  const pending = PendingEpochAt.get(s, netuid);
  return (
    (pending > 0 && block >= pending) ||
    BlocksSinceLastStep.get(s, netuid) > MAX_BLOCKS_WITHOUT_EPOCH ||
    Math.max(block - LastEpochBlock.get(s, netuid), 0) >= tempo
  );
}

/** The commit-reveal epoch of a block: SubnetEpochIndex, +1 if the epoch is due in this block. */
export function currentEpochIndex(s: State, netuid: number, block: number): number {
  return SubnetEpochIndex.get(s, netuid) + (isEpochDue(s, netuid, block) ? 1 : 0);
}

function mechanismExists(s: State, netuid: number, mecid: number): boolean {
  return NetworksAdded.get(s, netuid) && mecid < MechanismCountCurrent.get(s, netuid);
}

/** LastUpdate = 0 (never) or now − LastUpdate ≥ WeightsSetRateLimit. */
function passesWeightsRateLimit(s: State, netuid: number, index: number, uid: number, now: number): boolean {
  const last = LastUpdate.get(s, index)[uid] ?? 0;
  return last === 0 || now - last >= WeightsSetRateLimit.get(s, netuid);
}

const isSelfWeight = (uid: number, uids: readonly number[], values: readonly number[]) =>
  values.length === 1 && uids[0] === uid;

// ---------------------------------------------------------------------------------------------
// set_weights (chain.md §9.1)

export interface WeightsRequest {
  readonly hotkey: AccountId;
  readonly netuid: number;
  readonly mecid: number;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly versionKey: bigint;
}

/** The checks and effects of setting weights, after the commit-reveal gate (reveals come here too). */
export function setWeightsInternal(ctx: CallContext, r: WeightsRequest): void {
  const s = ctx.state;
  const { hotkey, netuid, uids, values } = r;
  const now = ctx.header.number;
  ensure(netuid !== 0, "CanNotSetRootNetworkWeights", "the root network (netuid 0) has no weights");
  ensure(
    uids.length === values.length,
    "WeightVecNotEqualSize",
    `${uids.length} uids but ${values.length} weights: give one weight per uid`,
  );
  ensure(
    mechanismExists(s, netuid, r.mecid),
    "MechanismDoesNotExist",
    `subnet ${netuid} has no mechanism ${r.mecid}`,
  );
  const n = SubnetworkN.get(s, netuid);
  ensure(
    uids.length <= n,
    "UidsLengthExceedUidsInSubNet",
    `${uids.length} weights for a subnet of ${n} neurons`,
  );
  const uid = Uids.get(s, netuid, hotkey);
  ensure(
    uid !== null,
    "HotKeyNotRegisteredInSubNet",
    `hotkey ${hotkey} is not registered on subnet ${netuid}; register it first`,
  );
  ensure(
    hasWeightsMinStake(s, hotkey, netuid),
    "NotEnoughStakeToSetWeights",
    `hotkey ${hotkey} has less stake weight than the threshold of ${StakeThreshold.get(s)} to set weights`,
  );
  const networkKey = WeightsVersionKey.get(s, netuid);
  ensure(
    networkKey === 0n || r.versionKey >= networkKey,
    "IncorrectWeightVersionKey",
    `version_key ${r.versionKey} is below the subnet's weights version ${networkKey}; update your validator`,
  );
  const index = mechanismIndex(netuid, r.mecid);
  if (!CommitRevealWeightsEnabled.get(s, netuid)) {
    ensure(
      passesWeightsRateLimit(s, netuid, index, uid, now),
      "SettingWeightsTooFast",
      `weights were set at block ${LastUpdate.get(s, index)[uid]}; wait ${WeightsSetRateLimit.get(s, netuid)} blocks`,
    );
  }
  ensure(
    isSelfWeight(uid, uids, values) ||
      ownerUid(s, netuid) === uid ||
      (ValidatorPermit.get(s, netuid)[uid] ?? false),
    "NeuronNoValidatorPermit",
    `uid ${uid} has no validator permit: it may only set a weight on itself`,
  );
  ensure(new Set(uids).size === uids.length, "DuplicateUids", "a uid appears twice in the weights");
  const invalid = uids.find((u) => Keys.get(s, netuid, u) === null);
  ensure(
    invalid === undefined,
    "UidVecContainInvalidOne",
    `uid ${invalid} is not a neuron of subnet ${netuid}`,
  );
  const minAllowed = Math.min(MinAllowedWeights.get(s, netuid), n);
  ensure(
    isSelfWeight(uid, uids, values) || values.length >= minAllowed,
    "WeightVecLengthIsLow",
    `${values.length} weights given; subnet ${netuid} requires at least ${minAllowed}`,
  );
  // MaxWeightExceeded: the max weight limit is the constant 65535, which every u16 weight passes.
  const upscaled = maxUpscaleU16(values);
  Weights.set(
    s,
    index,
    uid,
    uids.map((u, i) => [u, upscaled[i] ?? 0] as const),
  );
  setLastUpdate(s, index, uid, now);
  ctx.emit({ pallet: "SubtensorModule", name: "WeightsSet", data: { netuidIndex: index, uid } });
}

function setWeights(ctx: CallContext, r: WeightsRequest): void {
  ensure(
    !CommitRevealWeightsEnabled.get(ctx.state, r.netuid),
    "CommitRevealEnabled",
    `subnet ${r.netuid} uses commit-reveal: send commit_weights, then reveal_weights in the reveal epoch`,
  );
  setWeightsInternal(ctx, r);
}

// ---------------------------------------------------------------------------------------------
// Hash commit-reveal (chain.md §9.2)

/** The reveal window: exactly epoch commit_epoch + RevealPeriodEpochs. */
function isRevealEpoch(s: State, netuid: number, commitEpoch: number, now: number): boolean {
  return currentEpochIndex(s, netuid, now) === commitEpoch + RevealPeriodEpochs.get(s, netuid);
}

/** Expired: the current epoch is past commit_epoch + RevealPeriodEpochs. */
function isCommitExpired(s: State, netuid: number, commitEpoch: number, now: number): boolean {
  return currentEpochIndex(s, netuid, now) > commitEpoch + RevealPeriodEpochs.get(s, netuid);
}

/** The queue without its expired front, and the hashes that were dropped. */
function dropExpired(s: State, netuid: number, queue: readonly WeightCommit[], now: number) {
  let first = 0;
  while (first < queue.length && isCommitExpired(s, netuid, (queue[first] as WeightCommit).commitEpoch, now))
    first++;
  return { live: queue.slice(first), expired: queue.slice(0, first).map((c) => c.hash) };
}

function commitWeights(ctx: CallContext, netuid: number, mecid: number, hash: string): void {
  const s = ctx.state;
  const hotkey = signer(ctx);
  const now = ctx.header.number;
  ensure(
    CommitRevealWeightsEnabled.get(s, netuid),
    "CommitRevealDisabled",
    `subnet ${netuid} does not use commit-reveal: send set_weights`,
  );
  ensure(
    mechanismExists(s, netuid, mecid),
    "MechanismDoesNotExist",
    `subnet ${netuid} has no mechanism ${mecid}`,
  );
  const uid = Uids.get(s, netuid, hotkey);
  ensure(
    uid !== null,
    "HotKeyNotRegisteredInSubNet",
    `hotkey ${hotkey} is not registered on subnet ${netuid}; register it first`,
  );
  ensure(
    hasWeightsMinStake(s, hotkey, netuid),
    "NotEnoughStakeToSetWeights",
    `hotkey ${hotkey} has less stake weight than the threshold of ${StakeThreshold.get(s)} to set weights`,
  );
  const index = mechanismIndex(netuid, mecid);
  ensure(
    passesWeightsRateLimit(s, netuid, index, uid, now),
    "CommittingWeightsTooFast",
    `the last commit was at block ${LastUpdate.get(s, index)[uid]}; wait ${WeightsSetRateLimit.get(s, netuid)} blocks`,
  );
  const { live } = dropExpired(s, netuid, WeightCommits.get(s, index, hotkey), now);
  ensure(
    live.length < MAX_UNREVEALED_COMMITS,
    "TooManyUnrevealedCommits",
    `hotkey ${hotkey} already has ${live.length} unrevealed commits; reveal them first`,
  );
  const commit: WeightCommit = { hash, commitBlock: now, commitEpoch: currentEpochIndex(s, netuid, now) };
  WeightCommits.set(s, index, hotkey, [...live, commit]);
  ctx.emit({
    pallet: "SubtensorModule",
    name: "WeightsCommitted",
    data: { hotkey, netuidIndex: index, hash },
  });
  setLastUpdate(s, index, uid, now);
}

interface RevealRequest extends WeightsRequest {
  readonly salt: readonly number[];
}

function revealWeights(ctx: CallContext, r: RevealRequest): void {
  const s = ctx.state;
  const now = ctx.header.number;
  const { hotkey, netuid } = r;
  ensure(
    CommitRevealWeightsEnabled.get(s, netuid),
    "CommitRevealDisabled",
    `subnet ${netuid} does not use commit-reveal: send set_weights`,
  );
  ensure(
    mechanismExists(s, netuid, r.mecid),
    "MechanismDoesNotExist",
    `subnet ${netuid} has no mechanism ${r.mecid}`,
  );
  const index = mechanismIndex(netuid, r.mecid);
  const queue = WeightCommits.get(s, index, hotkey);
  ensure(
    queue.length > 0,
    "NoWeightsCommitFound",
    `hotkey ${hotkey} has no weight commit on subnet ${netuid}`,
  );
  const { live, expired } = dropExpired(s, netuid, queue, now);
  const hash = commitHash(hotkey, index, r.uids, r.values, r.salt, r.versionKey);
  const position = live.findIndex((c) => c.hash === hash);
  if (position < 0) {
    if (expired.includes(hash))
      fail("ExpiredWeightCommit", "this commit's reveal epoch has passed; commit again");
    if (live.length === 0)
      fail("NoWeightsCommitFound", `hotkey ${hotkey} has no unexpired weight commit on subnet ${netuid}`);
    fail(
      "InvalidRevealCommitHashNotMatch",
      "no commit matches these uids, values, salt and version key; reveal exactly what was committed",
    );
  }
  const commit = live[position] as WeightCommit;
  ensure(
    isRevealEpoch(s, netuid, commit.commitEpoch, now),
    "RevealTooEarly",
    `committed in epoch ${commit.commitEpoch}: reveal in epoch ${commit.commitEpoch + RevealPeriodEpochs.get(s, netuid)}`,
  );
  const rest = live.slice(position + 1);
  if (rest.length === 0) WeightCommits.remove(s, index, hotkey);
  else WeightCommits.set(s, index, hotkey, rest);
  setWeightsInternal(ctx, r);
  ctx.emit({
    pallet: "SubtensorModule",
    name: "WeightsRevealed",
    data: { hotkey, netuidIndex: index, hash },
  });
}

// ---------------------------------------------------------------------------------------------
// Calls

const netuidArg = z.number().int().min(0).max(65_535);
const mecidArg = z.number().int().min(0).max(255);
const u16Arg = z.number().int().min(0).max(U16_MAX);
const u16Vec = z.array(u16Arg).max(65_536);
const u64Arg = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= U64_MAX, "expected a u64");
const hashArg = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "expected a 32-byte hash as 0x-hex")
  .transform((h) => h.toLowerCase());

const setWeightsArgs = z.object({ netuid: netuidArg, dests: u16Vec, weights: u16Vec, version_key: u64Arg });
type SetWeightsArgs = z.infer<typeof setWeightsArgs>;
const setMechanismWeightsArgs = setWeightsArgs.extend({ mecid: mecidArg });
type SetMechanismWeightsArgs = z.infer<typeof setMechanismWeightsArgs>;
const commitArgs = z.object({ netuid: netuidArg, commit_hash: hashArg });
type CommitArgs = z.infer<typeof commitArgs>;
const commitMechanismArgs = commitArgs.extend({ mecid: mecidArg });
type CommitMechanismArgs = z.infer<typeof commitMechanismArgs>;
const revealArgs = z.object({
  netuid: netuidArg,
  uids: u16Vec,
  values: u16Vec,
  salt: u16Vec,
  version_key: u64Arg,
});
type RevealArgs = z.infer<typeof revealArgs>;
const revealMechanismArgs = revealArgs.extend({ mecid: mecidArg });
type RevealMechanismArgs = z.infer<typeof revealMechanismArgs>;
const weightsWeight = 100_000_000n;

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const weightsCalls: Record<string, CallDef<any>> = {
  set_weights: {
    args: setWeightsArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: SetWeightsArgs) =>
      setWeights(ctx, {
        hotkey: signer(ctx),
        netuid: a.netuid,
        mecid: 0,
        uids: a.dests,
        values: a.weights,
        versionKey: a.version_key,
      }),
  } satisfies CallDef<SetWeightsArgs>,
  set_mechanism_weights: {
    args: setMechanismWeightsArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: SetMechanismWeightsArgs) =>
      setWeights(ctx, {
        hotkey: signer(ctx),
        netuid: a.netuid,
        mecid: a.mecid,
        uids: a.dests,
        values: a.weights,
        versionKey: a.version_key,
      }),
  } satisfies CallDef<SetMechanismWeightsArgs>,
  commit_weights: {
    args: commitArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: CommitArgs) => commitWeights(ctx, a.netuid, 0, a.commit_hash),
  } satisfies CallDef<CommitArgs>,
  commit_mechanism_weights: {
    args: commitMechanismArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: CommitMechanismArgs) => commitWeights(ctx, a.netuid, a.mecid, a.commit_hash),
  } satisfies CallDef<CommitMechanismArgs>,
  reveal_weights: {
    args: revealArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: RevealArgs) =>
      revealWeights(ctx, {
        hotkey: signer(ctx),
        netuid: a.netuid,
        mecid: 0,
        uids: a.uids,
        values: a.values,
        salt: a.salt,
        versionKey: a.version_key,
      }),
  } satisfies CallDef<RevealArgs>,
  reveal_mechanism_weights: {
    args: revealMechanismArgs,
    origin: "signed",
    pays: false,
    weight: weightsWeight,
    apply: (ctx, a: RevealMechanismArgs) =>
      revealWeights(ctx, {
        hotkey: signer(ctx),
        netuid: a.netuid,
        mecid: a.mecid,
        uids: a.uids,
        values: a.values,
        salt: a.salt,
        versionKey: a.version_key,
      }),
  } satisfies CallDef<RevealMechanismArgs>,
};
