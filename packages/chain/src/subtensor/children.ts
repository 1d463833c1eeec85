/**
 * Childkeys, childkey take, stake inheritance and the auto-stake destination (chain.md §6.4, §6.5).
 *
 * A parent hotkey lends fractions (u64, u64::MAX = 100 %) of its stake weight on a subnet to up to five
 * children. `set_children` schedules the new list in PendingChildKeys; it becomes ChildKeys/ParentKeys at
 * the subnet's first epoch after the cooldown (at once on a subnet whose start_call has not happened).
 * The epoch, validator permits and the weights min-stake check read the inherited stakes; the epoch's
 * validator dividend of a child flows back to its parents by contribution, less the childkey take the
 * child keeps (and CKBurn, recycled) for parents of another coldkey.
 *
 * Fixed point as the reference (`set_children.rs`, `stake_utils.rs`, `run_coinbase.rs`): U96F32 raw bits,
 * proportions U96F32(p) / U96F32(u64::MAX), products floored, results floored to u64.
 */
import { z } from "zod";
import { address, signer } from "../args.js";
import { type AccountId, publicKeyOf } from "../crypto.js";
import { ChainError, ensure } from "../errors.js";
import { spotPrice } from "../pool.js";
import { StorageDoubleMap, StorageMap, StorageValue } from "../state/items.js";
import type { State } from "../state/state.js";
import {
  Keys,
  LastEpochBlock,
  NetworksAdded,
  Owner,
  StakeThreshold,
  SubnetOwnerHotkey,
  SubtokenEnabled,
  TotalHotkeyAlpha,
  Uids,
} from "../storage.js";
import type { BlockContext, CallContext, CallDef, ChainEvent } from "../types.js";
import { U64_MAX, u16ProportionU96, u64ProportionU96, u96 } from "./coinbase/fixed.js";
import { recycleSubnetAlpha } from "./coinbase/inject.js";
import { taoWeightU96 } from "./coinbase/shares.js";
import {
  CKBurn,
  MaxChildkeyTake,
  MinChildkeyTake,
  MinChildkeyTakePerSubnet,
  TransactionKeyLastBlock,
} from "./subnets/storage.js";

type NetUid = number;

/** What scheduling children needs: the state and an event sink. */
export interface Env {
  readonly state: State;
  emit(event: ChainEvent): void;
}

/** (proportion of u64::MAX, hotkey) pairs, as the reference stores them. */
export type ChildList = ReadonlyArray<readonly [bigint, AccountId]>;

export interface PendingChildren {
  readonly children: ChildList;
  /** The list applies at the first epoch of a block after this one. */
  readonly cooldownBlock: number;
}

// ---------------------------------------------------------------------------------------------------
// storage (reference names and defaults)

/** ChildKeys[parent][netuid] = [(proportion, child)] (sorted by child account). */
export const ChildKeys = new StorageDoubleMap<AccountId, NetUid, ChildList>("ChildKeys", []);
/** ParentKeys[child][netuid] = [(proportion, parent)] (in the order the parents were linked). */
export const ParentKeys = new StorageDoubleMap<AccountId, NetUid, ChildList>("ParentKeys", []);
/** PendingChildKeys[netuid][parent] = (children, cooldown block). */
export const PendingChildKeys = new StorageDoubleMap<NetUid, AccountId, PendingChildren | null>(
  "PendingChildKeys",
  null,
);
/** ChildkeyTake[hotkey][netuid]: u16 / 65535 kept by a child from its parents' dividends. */
export const ChildkeyTake = new StorageDoubleMap<AccountId, NetUid, number>("ChildkeyTake", 0);
/** Blocks between set_children and the epoch that may apply it (DefaultPendingCooldown; root-settable). */
export const PendingChildKeyCooldown = new StorageValue<number>("PendingChildKeyCooldown", 7_200);
/** Childkey take increases are allowed once per this many blocks per (hotkey, subnet). */
export const TxChildkeyTakeRateLimit = new StorageValue<number>("TxChildkeyTakeRateLimit", 216_000);
/** AutoStakeDestination[coldkey][netuid]: the hotkey the coldkey's miner incentive is staked to. */
export const AutoStakeDestination = new StorageDoubleMap<AccountId, NetUid, AccountId | null>(
  "AutoStakeDestination",
  null,
);
/** AutoStakeDestinationColdkeys[hotkey][netuid]: the coldkeys auto-staking to the hotkey. */
export const AutoStakeDestinationColdkeys = new StorageDoubleMap<AccountId, NetUid, readonly AccountId[]>(
  "AutoStakeDestinationColdkeys",
  [],
);
/** Whether a root validator is made a 100 % parent of new subnets' owner hotkeys (default true). */
export const AutoParentDelegationEnabled = new StorageMap<AccountId, boolean>(
  "AutoParentDelegationEnabled",
  true,
);

/** set_children: once per 150 blocks per (hotkey, subnet) (TransactionType::SetChildren). */
export const SET_CHILDREN_RATE_LIMIT = 150;
/** At most this many children per parent and subnet. */
export const MAX_CHILDREN = 5;
/** TransactionKeyLastBlock codes of the reference's TransactionType. */
const TX_SET_CHILDREN = 0;
const TX_SET_CHILDKEY_TAKE = 1;

const event = (name: string, data: Record<string, unknown>): ChainEvent => ({
  pallet: "SubtensorModule",
  name,
  data,
});

// ---------------------------------------------------------------------------------------------------
// reads

export function getChildren(s: State, hotkey: AccountId, netuid: number): ChildList {
  return ChildKeys.get(s, hotkey, netuid);
}

export function getParents(s: State, hotkey: AccountId, netuid: number): ChildList {
  return ParentKeys.get(s, hotkey, netuid);
}

/** The stricter of the global and the subnet's minimum childkey take (u16). */
export function effectiveMinChildkeyTake(s: State, netuid: number): number {
  return Math.max(MinChildkeyTake.get(s), MinChildkeyTakePerSubnet.get(s, netuid));
}

/** `get_childkey_take`: the stored take, at least the effective minimum (u16). */
export function childkeyTake(s: State, hotkey: AccountId, netuid: number): number {
  return Math.max(ChildkeyTake.get(s, hotkey, netuid), effectiveMinChildkeyTake(s, netuid));
}

/** `U96F32(p) / U96F32(u64::MAX)`. */
const proportion = (p: bigint): bigint => u64ProportionU96(p);

/** Stake of `hotkey` on `netuid` less what it lends to children plus what it inherits (U96F32 → u64). */
function inherited(s: State, hotkey: AccountId, netuid: number, stakeNetuid: number): bigint {
  const initial = u96.fromInt(TotalHotkeyAlpha.get(s, hotkey, stakeNetuid));
  let toChildren = 0n;
  for (const [p] of ChildKeys.get(s, hotkey, netuid))
    toChildren = u96.add(toChildren, u96.mul(initial, proportion(p)));
  let fromParents = 0n;
  for (const [p, parent] of ParentKeys.get(s, hotkey, netuid)) {
    const parentStake = u96.fromInt(TotalHotkeyAlpha.get(s, parent, stakeNetuid));
    fromParents = u96.add(fromParents, u96.mul(parentStake, proportion(p)));
  }
  return u96.toU64(u96.add(u96.sub(initial, toChildren), fromParents));
}

/** `get_inherited_for_hotkey_on_subnet`: α(h) − Σ_children α(h)·q + Σ_parents α(p)·q (root: own stake). */
export function inheritedAlpha(s: State, hotkey: AccountId, netuid: number): bigint {
  if (netuid === 0) return TotalHotkeyAlpha.get(s, hotkey, 0);
  return inherited(s, hotkey, netuid, netuid);
}

/** `get_tao_inherited_for_hotkey_on_subnet`: the same over root stakes, with the subnet's relations. */
export function inheritedTao(s: State, hotkey: AccountId, netuid: number): bigint {
  return inherited(s, hotkey, netuid, 0);
}

const I64F64_MAX = (1n << 127n) - 1n;

/**
 * A hotkey's stake weight on a subnet as I64F64 raw bits (`get_stake_weights_for_hotkey_on_subnet`):
 * α_inh + TaoWeight · τ_inh, TaoWeight as U96F32 widened to I64F64 (exact). On root only the root stake.
 */
export function stakeWeightI64F64(s: State, hotkey: AccountId, netuid: number): bigint {
  const alpha = inheritedAlpha(s, hotkey, netuid);
  const tao = netuid === 0 ? 0n : inheritedTao(s, hotkey, netuid);
  const total = (alpha << 64n) + ((tao * taoWeightU96(s)) << 32n);
  return total > I64F64_MAX ? I64F64_MAX : total;
}

/**
 * `get_total_stake_for_hotkey`: Σ over subnets of U96F32(alpha) · U96F32(current price), floored (TAO).
 */
export function totalStakeForHotkey(s: State, hotkey: AccountId): bigint {
  let total = 0n;
  for (const [key, alpha] of TotalHotkeyAlpha.prefix(s, hotkey)) {
    const netuid = Number(key);
    if (!NetworksAdded.get(s, netuid)) continue;
    total = u96.add(total, u96.mul(u96.fromInt(alpha), spotPrice(s, netuid)));
  }
  return u96.toU64(total);
}

// ---------------------------------------------------------------------------------------------------
// relations

/** Children sorted as the reference's BTreeMap orders accounts (by public key bytes). */
function accountKey(a: AccountId): string {
  try {
    return Buffer.from(publicKeyOf(a)).toString("hex");
  } catch {
    return a;
  }
}

function sortedByAccount(list: ChildList): ChildList {
  const keyed = list.map((e) => [accountKey(e[1]), e] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, e]) => e);
}

function setChildKeys(s: State, parent: AccountId, netuid: number, list: ChildList): void {
  if (list.length === 0) ChildKeys.remove(s, parent, netuid);
  else ChildKeys.set(s, parent, netuid, list);
}

function setParentKeys(s: State, child: AccountId, netuid: number, list: ChildList): void {
  if (list.length === 0) ParentKeys.remove(s, child, netuid);
  else ParentKeys.set(s, child, netuid, list);
}

function upsertEdge(list: ChildList, p: bigint, who: AccountId): ChildList {
  if (list.some(([, w]) => w === who)) return list.map((e) => (e[1] === who ? ([p, who] as const) : e));
  return [...list, [p, who] as const];
}

const removeEdge = (list: ChildList, who: AccountId): ChildList => list.filter(([, w]) => w !== who);

/**
 * The consistency rules of a new child list (`ensure_pending_consistency`): the parent is not its own
 * child (InvalidChild), at most five children (TooManyChildren), Σ proportions ≤ u64::MAX
 * (ProportionOverflow), no child is also a parent of the pivot (ChildParentInconsistency).
 */
function ensureConsistent(s: State, pivot: AccountId, netuid: number, children: ChildList): void {
  const unique = new Map<AccountId, bigint>();
  for (const [p, child] of children) unique.set(child, p);
  ensure(!unique.has(pivot), "InvalidChild", "a hotkey cannot be its own child");
  ensure(
    unique.size <= MAX_CHILDREN,
    "TooManyChildren",
    `a hotkey has at most ${MAX_CHILDREN} children per subnet`,
  );
  let total = 0n;
  for (const p of unique.values()) total += p;
  ensure(
    total <= U64_MAX,
    "ProportionOverflow",
    "the children's proportions add up to more than 100 % (u64::MAX)",
  );
  const parents = new Set(ParentKeys.get(s, pivot, netuid).map(([, p]) => p));
  ensure(
    ![...unique.keys()].some((c) => parents.has(c)),
    "ChildParentInconsistency",
    "a child of this hotkey is also one of its parents on this subnet",
  );
}

/**
 * `persist_pending_chidren_ok`: writes the pivot's children and the children's ParentKeys (diff against
 * the previous list); silently does nothing if the list is no longer consistent. Returns whether applied.
 */
export function applyChildren(
  s: State,
  emit: ((e: ChainEvent) => void) | undefined,
  netuid: number,
  pivot: AccountId,
  children: ChildList,
): boolean {
  const unique = new Map<AccountId, bigint>();
  for (const [p, child] of children) if (child !== pivot) unique.set(child, p);
  let total = 0n;
  for (const p of unique.values()) total += p;
  if (total > U64_MAX) return false;
  const parents = new Set(ParentKeys.get(s, pivot, netuid).map(([, p]) => p));
  if ([...unique.keys()].some((c) => parents.has(c))) return false;

  const previous = ChildKeys.get(s, pivot, netuid);
  setChildKeys(s, pivot, netuid, sortedByAccount([...unique].map(([c, p]) => [p, c] as const)));
  for (const [child, p] of unique)
    setParentKeys(s, child, netuid, upsertEdge(ParentKeys.get(s, child, netuid), p, pivot));
  for (const [, old] of previous)
    if (!unique.has(old)) setParentKeys(s, old, netuid, removeEdge(ParentKeys.get(s, old, netuid), pivot));
  emit?.(event("SetChildren", { hotkey: pivot, netuid, children: children.map(([p, c]) => [p, c]) }));
  return true;
}

function lastTx(s: State, hotkey: AccountId, netuid: number, code: number): number {
  return TransactionKeyLastBlock.get(s, `${hotkey}/${netuid}/${code}`);
}

function setLastTx(s: State, hotkey: AccountId, netuid: number, code: number, block: number): void {
  TransactionKeyLastBlock.set(s, `${hotkey}/${netuid}/${code}`, block);
}

const passes = (limit: number, now: number, last: number) => last === 0 || now - last >= limit;

/**
 * `do_schedule_children` (checks in the reference's order), then schedules the list with the cooldown
 * or, on a subnet without start_call, applies it at once.
 */
export function scheduleChildren(
  ctx: Env,
  now: number,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  children: ChildList,
): void {
  const s = ctx.state;
  const last = lastTx(s, hotkey, netuid, TX_SET_CHILDREN);
  ensure(
    passes(SET_CHILDREN_RATE_LIMIT, now, last),
    "TxRateLimitExceeded",
    `children of a hotkey can change once per ${SET_CHILDREN_RATE_LIMIT} blocks per subnet; retry at block ${last + SET_CHILDREN_RATE_LIMIT}`,
  );
  ensure(netuid !== 0, "RegistrationNotPermittedOnRootSubnet", "childkeys cannot be set on the root network");
  ensure(NetworksAdded.get(s, netuid), "SubnetNotExists", `subnet ${netuid} does not exist`);
  ensure(
    Owner.get(s, hotkey) === coldkey,
    "NonAssociatedColdKey",
    `hotkey ${hotkey} is not owned by ${coldkey}`,
  );
  const seen = new Set<AccountId>();
  for (const [, child] of children) {
    ensure(!seen.has(child), "DuplicateChild", `child ${child} is listed twice`);
    seen.add(child);
  }
  ensureConsistent(s, hotkey, netuid, children);
  ensure(
    children.length === 0 ||
      totalStakeForHotkey(s, hotkey) >= StakeThreshold.get(s) ||
      SubnetOwnerHotkey.get(s, netuid) === hotkey,
    "NotEnoughStakeToSetChildkeys",
    `the parent needs a total stake of at least ${StakeThreshold.get(s)} rao (StakeThreshold) to set children`,
  );
  setLastTx(s, hotkey, netuid, TX_SET_CHILDREN, now);

  if (!SubtokenEnabled.get(s, netuid)) {
    applyChildren(s, ctx.emit, netuid, hotkey, children);
    return;
  }
  const cooldownBlock = now + PendingChildKeyCooldown.get(s);
  PendingChildKeys.set(s, netuid, hotkey, { children, cooldownBlock });
  ctx.emit(
    event("SetChildrenScheduled", {
      hotkey,
      netuid,
      cooldownBlock,
      children: children.map(([p, c]) => [p, c]),
    }),
  );
}

/**
 * `do_set_pending_children`: applies the pending lists of a subnet whose cooldown block is behind `now`
 * (all of them on a subnet without start_call). Lists are applied in hotkey order.
 */
export function setPendingChildren(
  s: State,
  emit: ((e: ChainEvent) => void) | undefined,
  netuid: number,
  now: number,
): void {
  const started = SubtokenEnabled.get(s, netuid);
  const due: Array<[AccountId, PendingChildren]> = [];
  for (const [hotkey, pending] of PendingChildKeys.prefix(s, netuid)) {
    if (pending !== null && (pending.cooldownBlock < now || !started)) due.push([hotkey, pending]);
  }
  due.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [hotkey, pending] of due) {
    applyChildren(s, emit, netuid, hotkey, pending.children);
    PendingChildKeys.remove(s, netuid, hotkey);
  }
}

/**
 * Block step 8 (`set_pending_children_after_epoch`): pending childkeys of every subnet whose epoch slot
 * was consumed in this block (LastEpochBlock = now) are applied, after the coinbase.
 */
export function childrenBlockStep(ctx: BlockContext): void {
  const s = ctx.state;
  const now = ctx.header.number;
  for (const key of NetworksAdded.keys(s)) {
    const netuid = Number(key);
    if (!NetworksAdded.get(s, netuid) || LastEpochBlock.get(s, netuid) !== now) continue;
    setPendingChildren(s, ctx.emit, netuid, now);
  }
}

// ---------------------------------------------------------------------------------------------------
// dividends

/** `get_self_contribution`: (α + w·τ) of the hotkey times the proportion it has not lent (u64). */
export function selfContribution(s: State, hotkey: AccountId, netuid: number): bigint {
  let remaining = 1n << 32n;
  for (const [p] of ChildKeys.get(s, hotkey, netuid)) remaining = u96.sub(remaining, proportion(p));
  const root = u96.fromInt(TotalHotkeyAlpha.get(s, hotkey, 0));
  const alpha = u96.fromInt(TotalHotkeyAlpha.get(s, hotkey, netuid));
  const alphaPart = u96.mul(alpha, remaining);
  const rootPart = u96.mul(u96.mul(root, remaining), taoWeightU96(s));
  return u96.toU64(u96.add(alphaPart, rootPart));
}

/**
 * `get_parent_child_dividends_distribution`: a hotkey's validator dividend split between its parents by
 * contribution (α(p)·q + w·τ(p)·q against the total with the hotkey's own contribution); for a parent of
 * another coldkey the child keeps the childkey take and CKBurn of the parent's part is recycled. The
 * hotkey's own entry (its part plus the takes) comes last. Amounts are floored (alpha rao).
 */
export function parentChildDividends(
  s: State,
  hotkey: AccountId,
  netuid: number,
  dividend: bigint,
): Array<readonly [AccountId, bigint]> {
  const out: Array<readonly [AccountId, bigint]> = [];
  const parents = ParentKeys.get(s, hotkey, netuid);
  if (parents.length === 0) return [[hotkey, dividend]];
  const validating = u96.fromInt(dividend);
  let remaining = validating;
  const burnProportion = u64ProportionU96(CKBurn.get(s));
  const takeProportion = u16ProportionU96(childkeyTake(s, hotkey, netuid));
  const childOwner = Owner.get(s, hotkey);
  const w = taoWeightU96(s);

  let total = u96.fromInt(selfContribution(s, hotkey, netuid));
  const contributions: Array<readonly [AccountId, bigint]> = [];
  for (const [p, parent] of parents) {
    const q = proportion(p);
    const parentRoot = u96.fromInt(TotalHotkeyAlpha.get(s, parent, 0));
    const parentAlpha = u96.fromInt(TotalHotkeyAlpha.get(s, parent, netuid));
    const combined = u96.add(u96.mul(parentAlpha, q), u96.mul(u96.mul(parentRoot, q), w));
    total = u96.add(total, combined);
    contributions.push([parent, combined]);
  }

  let totalChildTake = 0n;
  for (const [parent, contribution] of contributions) {
    const factor = u96.div(contribution, total) ?? 0n;
    let parentEmission = u96.mul(validating, factor);
    remaining = u96.sub(remaining, parentEmission);
    if (Owner.get(s, parent) !== childOwner) {
      const burn = u96.mul(burnProportion, parentEmission);
      const take = u96.mul(takeProportion, parentEmission);
      parentEmission = u96.sub(u96.sub(parentEmission, burn), take);
      totalChildTake = u96.add(totalChildTake, take);
      recycleSubnetAlpha(s, netuid, u96.toU64(burn));
    }
    out.push([parent, u96.toU64(parentEmission)]);
  }
  out.push([hotkey, u96.toU64(u96.add(remaining, totalChildTake))]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// subnet registration: root validators as parents of the owner hotkey

/**
 * `do_set_root_validators_for_subnet`: every root validator that has not opted out schedules the new
 * subnet's owner hotkey as its 100 % child (through the checks of set_children, signed by its coldkey;
 * a validator whose scheduling fails is skipped). Stale relations of a reused netuid are dropped first.
 */
export function setRootValidatorsForSubnet(ctx: Env, netuid: number, now: number): void {
  const s = ctx.state;
  clearSubnetRelations(s, netuid);
  if (netuid === 0 || !NetworksAdded.get(s, netuid)) return;
  const ownerHotkey = SubnetOwnerHotkey.get(s, netuid);
  if (ownerHotkey === null) return;
  const validators = [...Keys.prefix(s, 0)]
    .map(([uid, hotkey]) => [Number(uid), hotkey] as const)
    .sort((a, b) => a[0] - b[0]);
  for (const [, validator] of validators) {
    if (validator === null || validator === ownerHotkey) continue;
    if (!AutoParentDelegationEnabled.get(s, validator)) continue;
    const coldkey = Owner.get(s, validator);
    if (coldkey === null) continue;
    try {
      s.transaction(() => scheduleChildren(ctx, now, coldkey, validator, netuid, [[U64_MAX, ownerHotkey]]));
    } catch (err) {
      if (!(err instanceof ChainError)) throw err;
    }
  }
}

/**
 * Removes every childkey relation of a subnet (ChildKeys, ParentKeys, PendingChildKeys), its childkey
 * takes and its auto-stake destinations: at dissolution, and before a reused netuid starts.
 */
export function clearSubnetRelations(s: State, netuid: number): void {
  for (const item of [
    ChildKeys,
    ParentKeys,
    ChildkeyTake,
    AutoStakeDestination,
    AutoStakeDestinationColdkeys,
  ]) {
    for (const account of item.firstKeys(s))
      if (item.has(s, account, netuid)) item.remove(s, account, netuid);
  }
  PendingChildKeys.clearPrefix(s, netuid);
}

// ---------------------------------------------------------------------------------------------------
// calls

const netuidArg = z.number().int().min(0).max(65_535);
const u64 = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v <= U64_MAX, "expected a u64");
const u16 = z.number().int().min(0).max(65_535);

const setChildrenArgs = z.object({
  hotkey: address,
  netuid: netuidArg,
  children: z.array(z.tuple([u64, address])).max(256),
});
const setChildkeyTakeArgs = z.object({ hotkey: address, netuid: netuidArg, take: u16 });
const autoStakeArgs = z.object({ netuid: netuidArg, hotkey: address });
const autoParentArgs = z.object({ hotkey: address, enabled: z.boolean() });

type Args<T extends z.ZodType> = z.output<T>;

const call = <T extends z.ZodType>(
  args: T,
  origin: "signed" | "root",
  weight: bigint,
  apply: (ctx: CallContext, a: Args<T>) => void,
): CallDef<Args<T>> => ({
  args: args as unknown as z.ZodType<Args<T>>,
  origin,
  pays: true,
  weight,
  apply,
});

/** `do_set_childkey_take`. */
export function setChildkeyTake(
  ctx: CallContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  take: number,
): void {
  const s = ctx.state;
  const now = ctx.header.number;
  ensure(
    Owner.get(s, hotkey) === coldkey,
    "NonAssociatedColdKey",
    `hotkey ${hotkey} is not owned by ${coldkey}`,
  );
  const min = effectiveMinChildkeyTake(s, netuid);
  const max = MaxChildkeyTake.get(s);
  ensure(
    take >= min && take <= max,
    "InvalidChildkeyTake",
    `the childkey take must lie between ${min} and ${max} (u16 / 65535)`,
  );
  if (take > childkeyTake(s, hotkey, netuid)) {
    const limit = TxChildkeyTakeRateLimit.get(s);
    const last = lastTx(s, hotkey, netuid, TX_SET_CHILDKEY_TAKE);
    ensure(
      passes(limit, now, last),
      "TxChildkeyTakeRateLimitExceeded",
      `the childkey take can increase once per ${limit} blocks; retry at block ${last + limit}`,
    );
  }
  setLastTx(s, hotkey, netuid, TX_SET_CHILDKEY_TAKE, now);
  ChildkeyTake.set(s, hotkey, netuid, take);
  ctx.emit(event("ChildKeyTakeSet", { hotkey, netuid, take }));
}

/** `set_coldkey_auto_stake_hotkey`. */
export function setAutoStakeHotkey(
  ctx: CallContext,
  coldkey: AccountId,
  netuid: number,
  hotkey: AccountId,
): void {
  const s = ctx.state;
  ensure(NetworksAdded.get(s, netuid), "SubnetNotExists", `subnet ${netuid} does not exist`);
  ensure(
    Uids.get(s, netuid, hotkey) !== null,
    "HotKeyNotRegisteredInSubNet",
    `hotkey ${hotkey} is not registered on subnet ${netuid}`,
  );
  const current = AutoStakeDestination.get(s, coldkey, netuid);
  if (current !== null) {
    ensure(
      current !== hotkey,
      "SameAutoStakeHotkeyAlreadySet",
      `miner incentive on subnet ${netuid} is already staked to ${hotkey}`,
    );
    const rest = AutoStakeDestinationColdkeys.get(s, current, netuid).filter((c) => c !== coldkey);
    if (rest.length === 0) AutoStakeDestinationColdkeys.remove(s, current, netuid);
    else AutoStakeDestinationColdkeys.set(s, current, netuid, rest);
  }
  AutoStakeDestination.set(s, coldkey, netuid, hotkey);
  const list = AutoStakeDestinationColdkeys.get(s, hotkey, netuid);
  if (!list.includes(coldkey)) AutoStakeDestinationColdkeys.set(s, hotkey, netuid, [...list, coldkey]);
  ctx.emit(event("AutoStakeDestinationSet", { coldkey, netuid, hotkey }));
}

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const childrenCalls: Record<string, CallDef<any>> = {
  set_children: call(setChildrenArgs, "signed", 100_000_000n, (ctx, a) => {
    scheduleChildren(
      ctx,
      ctx.header.number,
      signer(ctx),
      a.hotkey,
      a.netuid,
      a.children.map(([p, c]) => [p, c] as const),
    );
  }),
  set_childkey_take: call(setChildkeyTakeArgs, "signed", 50_000_000n, (ctx, a) => {
    setChildkeyTake(ctx, signer(ctx), a.hotkey, a.netuid, a.take);
  }),
  set_coldkey_auto_stake_hotkey: call(autoStakeArgs, "signed", 30_000_000n, (ctx, a) => {
    setAutoStakeHotkey(ctx, signer(ctx), a.netuid, a.hotkey);
  }),
  set_auto_parent_delegation_enabled: call(autoParentArgs, "signed", 20_000_000n, (ctx, a) => {
    const coldkey = signer(ctx);
    const s = ctx.state;
    ensure(
      Owner.get(s, a.hotkey) === coldkey,
      "NonAssociatedColdKey",
      `hotkey ${a.hotkey} is not owned by ${coldkey}`,
    );
    ensure(
      Uids.get(s, 0, a.hotkey) !== null,
      "HotKeyNotRegisteredInSubNet",
      `hotkey ${a.hotkey} is not a root validator (register it with root_register first)`,
    );
    AutoParentDelegationEnabled.set(s, a.hotkey, a.enabled);
    ctx.emit(event("AutoParentDelegationEnabledSet", { hotkey: a.hotkey, enabled: a.enabled }));
  }),
  set_pending_childkey_cooldown: call(z.object({ cooldown: u64 }), "root", 10_000n, (ctx, a) => {
    const cooldown =
      a.cooldown > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(a.cooldown);
    PendingChildKeyCooldown.set(ctx.state, cooldown);
    ctx.emit(event("PendingChildKeyCooldownSet", { cooldown }));
  }),
  sudo_set_tx_childkey_take_rate_limit: call(z.object({ tx_rate_limit: u64 }), "root", 10_000n, (ctx, a) => {
    const limit =
      a.tx_rate_limit > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(a.tx_rate_limit);
    TxChildkeyTakeRateLimit.set(ctx.state, limit);
    ctx.emit(event("TxChildKeyTakeRateLimitSet", { limit }));
  }),
  sudo_set_min_childkey_take: call(z.object({ take: u16 }), "root", 10_000n, (ctx, a) => {
    MinChildkeyTake.set(ctx.state, a.take);
    ctx.emit(event("MinChildKeyTakeSet", { take: a.take }));
  }),
  sudo_set_max_childkey_take: call(z.object({ take: u16 }), "root", 10_000n, (ctx, a) => {
    MaxChildkeyTake.set(ctx.state, a.take);
    ctx.emit(event("MaxChildKeyTakeSet", { take: a.take }));
  }),
};
