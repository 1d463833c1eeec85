/**
 * dTAO staking (chain.md §6.1-§6.3, §5.4): stake and unstake through the subnet pool, limit orders,
 * unstake_all and the stake transitions (move, transfer, swap).
 *
 * Buying alpha (add_stake): the TAO leaves the coldkey (keeping its existential deposit), is swapped in
 * the pool (`buyAlpha`; the swap fee goes to the block author) and the alpha is credited to the
 * (hotkey, coldkey) share pool; TotalStake grows by the gross TAO. Selling (remove_stake): the coldkey's
 * shares are burnt at the pool ratio (rounded against the withdrawer), the net alpha is sold, the alpha
 * fee is sold fee-free for the block author, and TotalStake falls by the TAO that left the pool.
 * Root (netuid 0) and stable subnets trade 1:1 without fee.
 */
import { z } from "zod";
import { address, netuid, raoU64 as rao, signer } from "../args.js";
import type { AccountId } from "../crypto.js";
import { ensure } from "../errors.js";
import { deposit, freeBalance, withdraw } from "../pallets/balances.js";
import {
  buyAlpha,
  maxAddAmount,
  maxRemoveAmount,
  quoteBuy,
  quoteSell,
  sellAlpha,
  spotPrice,
} from "../pool.js";
import { increaseStake, removeStakeAdjustRootClaimed, stakeOf } from "../stake.js";
import type { State } from "../state/state.js";
import {
  AlphaV2,
  NetworksAdded,
  Owner,
  SubtokenEnabled,
  TotalHotkeyAlpha,
  TotalHotkeySharesV2,
  TotalStake,
  TransferToggle,
} from "../storage.js";
import type { CallContext, CallDef, ChainEvent } from "../types.js";
import { recordTaoInflow, recordTaoOutflow } from "./coinbase/taoflow.js";
import { NominatorMinRequiredStake } from "./subnets/storage.js";

/** The reference's DefaultMinStake: 0.002 TAO. */
export const DEFAULT_MIN_STAKE = 2_000_000n;
/** No limit on the amount a limit order may execute. */
const UNLIMITED = (1n << 64n) - 1n;

const position = (hotkey: AccountId, coldkey: AccountId) => `${hotkey}/${coldkey}`;

// ---------------------------------------------------------------------------------------------------
// share pool: decrease

/**
 * Removes `amount` alpha of value from (hotkey, coldkey) on a subnet, burning the coldkey's shares at
 * the pool ratio rounded up (against the withdrawer). Returns the alpha removed (`amount`, or less when
 * the position is worth less). When the hotkey's last share is burnt, any dust value goes with it.
 */
export function decreaseStake(
  s: State,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  amount: bigint,
): bigint {
  if (amount <= 0n) return 0n;
  const held = AlphaV2.get(s, position(hotkey, coldkey), netuid);
  const value = TotalHotkeyAlpha.get(s, hotkey, netuid);
  const shares = TotalHotkeySharesV2.get(s, hotkey, netuid);
  if (held === 0n || value === 0n || shares === 0n) return 0n;
  const worth = (held * value) / shares;
  const removed = amount > worth ? worth : amount;
  let burnt = (removed * shares + value - 1n) / value; // ceil
  if (burnt > held) burnt = held;
  const restShares = shares - burnt;
  const restHeld = held - burnt;
  if (restHeld === 0n) AlphaV2.remove(s, position(hotkey, coldkey), netuid);
  else AlphaV2.set(s, position(hotkey, coldkey), netuid, restHeld);
  if (restShares === 0n) {
    TotalHotkeySharesV2.remove(s, hotkey, netuid);
    TotalHotkeyAlpha.remove(s, hotkey, netuid);
  } else {
    TotalHotkeySharesV2.set(s, hotkey, netuid, restShares);
    TotalHotkeyAlpha.set(s, hotkey, netuid, value - removed);
  }
  if (netuid === 0) removeStakeAdjustRootClaimed(s, hotkey, coldkey, removed);
  return removed;
}

// ---------------------------------------------------------------------------------------------------
// pool quotes and limits live with the pool (../pool.ts); re-exported for the staking callers

export { maxAddAmount, maxRemoveAmount, priceRao, quoteSell } from "../pool.js";

// ---------------------------------------------------------------------------------------------------
// the two legs

type Emit = (e: ChainEvent) => void;

export interface Leg {
  readonly tao: bigint;
  readonly alpha: bigint;
  readonly fee: bigint;
}

/** TAO already taken out of an account enters the pool and is credited as alpha stake. */
export function buyStake(
  ctx: CallContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  tao: bigint,
  feeFree: boolean,
): Leg {
  const s = ctx.state;
  const { out, fee } = buyAlpha(s, netuid, tao, feeFree);
  if (fee > 0n) deposit(s, ctx.spec, ctx.header.author, fee);
  TotalStake.update(s, (v) => v + tao);
  recordTaoInflow(s, netuid, tao - fee);
  increaseStake(s, hotkey, coldkey, netuid, out);
  return { tao, alpha: out, fee };
}

/** Alpha stake is removed and sold; returns the TAO the staker receives (not yet deposited). */
export function sellStake(
  ctx: CallContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
  feeFree: boolean,
): Leg {
  const s = ctx.state;
  const removed = decreaseStake(s, hotkey, coldkey, netuid, alpha);
  const { out, fee } = sellAlpha(s, netuid, removed, feeFree);
  const feeTao = fee > 0n ? sellAlpha(s, netuid, fee, true).out : 0n;
  if (feeTao > 0n) deposit(s, ctx.spec, ctx.header.author, feeTao);
  const left = out + feeTao;
  TotalStake.update(s, (v) => (v > left ? v - left : 0n));
  recordTaoOutflow(s, netuid, left);
  return { tao: out, alpha: removed, fee: feeTao };
}

export const stakeEvent = (
  name: "StakeAdded" | "StakeRemoved",
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  leg: Leg,
): ChainEvent => ({
  pallet: "SubtensorModule",
  name,
  data: { coldkey, hotkey, tao: leg.tao, alpha: leg.alpha, netuid, fee: leg.fee },
});

// ---------------------------------------------------------------------------------------------------
// validation

function ensureSubnet(s: State, netuid: number): void {
  ensure(NetworksAdded.get(s, netuid), "SubnetNotExists", `subnet ${netuid} does not exist`);
}

function ensureSubtoken(s: State, netuid: number): void {
  ensure(
    netuid === 0 || SubtokenEnabled.get(s, netuid),
    "SubtokenDisabled",
    `subnet ${netuid} has not started trading yet; its owner must call start_call first`,
  );
}

export function ensureHotkey(s: State, hotkey: AccountId): void {
  ensure(
    Owner.get(s, hotkey) !== null,
    "HotKeyAccountNotExists",
    `hotkey ${hotkey} is not registered; register it on a subnet first`,
  );
}

/** The checks of add_stake (in the reference's order); returns the TAO to stake (clipped by the limit). */
function validateAdd(
  ctx: CallContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  amount: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): bigint {
  const s = ctx.state;
  ensureSubnet(s, netuid);
  ensureSubtoken(s, netuid);
  const minAmount = DEFAULT_MIN_STAKE + quoteBuy(s, netuid, DEFAULT_MIN_STAKE).fee;
  ensure(
    amount >= minAmount,
    "AmountTooLow",
    `stake at least ${minAmount} rao (the minimum stake plus its swap fee)`,
  );
  let tao = amount;
  if (!allowPartial)
    ensure(
      tao <= maxAmount,
      "SlippageTooHigh",
      `only ${maxAmount} rao can be staked before the price passes the limit; stake less or allow partial`,
    );
  else if (maxAmount < tao) tao = maxAmount;
  const ed = ctx.spec.params.existentialDeposit;
  const spendable = freeBalance(s, coldkey) - ed;
  ensure(
    spendable >= tao,
    "NotEnoughBalanceToStake",
    `${coldkey} can stake at most ${spendable > 0n ? spendable : 0n} rao while keeping the existential deposit`,
  );
  ensureHotkey(s, hotkey);
  const q = quoteBuy(s, netuid, tao);
  ensure(tao - q.fee >= DEFAULT_MIN_STAKE, "AmountTooLow", `stake at least ${minAmount} rao`);
  ensure(q.out > 0n, "InsufficientLiquidity", `this stake would buy no alpha on subnet ${netuid}`);
  return tao;
}

/** The checks of remove_stake (in the reference's order); returns the alpha to unstake. */
export function validateRemove(
  s: State,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): bigint {
  ensureSubnet(s, netuid);
  ensureSubtoken(s, netuid);
  ensure(alpha > 0n, "AmountTooLow", "unstake a positive amount of alpha");
  const held = stakeOf(s, hotkey, coldkey, netuid);
  ensure(
    alpha <= held,
    "NotEnoughStakeToWithdraw",
    `${coldkey} holds ${held} alpha rao on subnet ${netuid} through ${hotkey}`,
  );
  const q = quoteSell(s, netuid, alpha);
  ensure(q !== null, "InsufficientLiquidity", `subnet ${netuid}'s pool is too shallow for this unstake`);
  if (held - alpha > 0n)
    ensure(
      q.out >= DEFAULT_MIN_STAKE,
      "AmountTooLow",
      `unstake at least ${DEFAULT_MIN_STAKE} rao worth of alpha, or everything`,
    );
  let amount = alpha;
  if (!allowPartial)
    ensure(
      amount <= maxAmount,
      "SlippageTooHigh",
      `only ${maxAmount} alpha rao can be sold before the price passes the limit; sell less or allow partial`,
    );
  else if (maxAmount < amount) amount = maxAmount;
  ensureHotkey(s, hotkey);
  return amount;
}

// ---------------------------------------------------------------------------------------------------
// operations

export function addStake(
  ctx: CallContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  amount: bigint,
  limit: { price: bigint; allowPartial: boolean } | null = null,
): Leg {
  const s = ctx.state;
  let max = UNLIMITED;
  if (limit !== null) {
    ensureSubnet(s, netuid);
    max = maxAddAmount(s, netuid, limit.price);
    ensure(
      max > 0n,
      "PriceLimitExceeded",
      `the price of subnet ${netuid} is already above ${limit.price} rao per alpha`,
      "Swap",
    );
  }
  const tao = validateAdd(ctx, coldkey, hotkey, netuid, amount, max, limit?.allowPartial ?? false);
  withdraw(s, ctx.spec, coldkey, tao, "keepAlive");
  const leg = buyStake(ctx, coldkey, hotkey, netuid, tao, false);
  ctx.emit(stakeEvent("StakeAdded", coldkey, hotkey, netuid, leg));
  return leg;
}

export function removeStake(
  ctx: CallContext,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  alpha: bigint,
  limit: { price: bigint; allowPartial: boolean } | null = null,
  emit: Emit = (e) => ctx.emit(e),
): Leg {
  const s = ctx.state;
  let max = UNLIMITED;
  if (limit !== null) {
    ensureSubnet(s, netuid);
    max = maxRemoveAmount(s, netuid, limit.price);
    ensure(
      max > 0n,
      "PriceLimitExceeded",
      `the price of subnet ${netuid} is already below ${limit.price} rao per alpha`,
      "Swap",
    );
  }
  const amount = validateRemove(s, coldkey, hotkey, netuid, alpha, max, limit?.allowPartial ?? false);
  const leg = sellStake(ctx, coldkey, hotkey, netuid, amount, false);
  deposit(s, ctx.spec, coldkey, leg.tao);
  emit(stakeEvent("StakeRemoved", coldkey, hotkey, netuid, leg));
  clearSmallNomination(ctx, hotkey, coldkey, netuid, emit);
  return leg;
}

// ---------------------------------------------------------------------------------------------------
// nominator minimum (chain.md §6.1)

/**
 * `get_nominator_min_required_stake`: DefaultMinStake × NominatorMinRequiredStake / 10^6 in rao (the
 * factor is per million; 0 by default, 10 000 000 on mainnet ⇒ 0.02 TAO).
 */
export function nominatorMinStake(s: State): bigint {
  const product = DEFAULT_MIN_STAKE * NominatorMinRequiredStake.get(s);
  return (product > UNLIMITED ? UNLIMITED : product) / 1_000_000n;
}

/**
 * `clear_small_nomination_if_required`: a coldkey that does not own the hotkey and holds a non-zero
 * stake worth less than the nominator minimum (converted to alpha at the spot price, floor) is unstaked
 * in full (sold with the usual fee, the TAO credited to it). If the sale fails (a shallow pool) the small
 * alpha is simply removed from the hotkey's pool, as the reference does.
 */
export function clearSmallNomination(
  ctx: CallContext,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  emit: Emit = (e) => ctx.emit(e),
): void {
  const s = ctx.state;
  const owner = Owner.get(s, hotkey);
  if (owner === null || owner === coldkey) return;
  const alpha = stakeOf(s, hotkey, coldkey, netuid);
  if (alpha === 0n) return;
  const price = spotPrice(s, netuid);
  const minAlpha = price === 0n ? 0n : (nominatorMinStake(s) << 32n) / price;
  if (alpha >= minAlpha) return;
  try {
    const leg = s.transaction(() => {
      const sold = sellStake(ctx, coldkey, hotkey, netuid, alpha, false);
      deposit(s, ctx.spec, coldkey, sold.tao);
      return sold;
    });
    emit(stakeEvent("StakeRemoved", coldkey, hotkey, netuid, leg));
  } catch {
    decreaseStake(s, hotkey, coldkey, netuid, stakeOf(s, hotkey, coldkey, netuid));
  }
}

/** `clear_small_nominations`: the check above for every stake position (root raises the minimum). */
export function clearSmallNominations(ctx: CallContext): void {
  const s = ctx.state;
  const positions = AlphaV2.firstKeys(s).sort();
  for (const key of positions) {
    const slash = key.indexOf("/");
    const hotkey = key.slice(0, slash);
    const coldkey = key.slice(slash + 1);
    const netuids = [...AlphaV2.prefix(s, key).keys()].map(Number).sort((a, b) => a - b);
    for (const netuid of netuids) clearSmallNomination(ctx, hotkey, coldkey, netuid);
  }
}

/** Unstakes everything `coldkey` holds through `hotkey`, on every subnet; subnets that fail are skipped. */
export function unstakeAll(ctx: CallContext, coldkey: AccountId, hotkey: AccountId): number {
  const s = ctx.state;
  ensureHotkey(s, hotkey);
  const netuids = NetworksAdded.keys(s)
    .map(Number)
    .sort((a, b) => a - b);
  let done = 0;
  for (const netuid of netuids) {
    const alpha = stakeOf(s, hotkey, coldkey, netuid);
    if (alpha === 0n) continue;
    const events: ChainEvent[] = [];
    try {
      s.transaction(() => removeStake(ctx, coldkey, hotkey, netuid, alpha, null, (e) => events.push(e)));
    } catch {
      continue;
    }
    for (const e of events) ctx.emit(e);
    done++;
  }
  ensure(done > 0, "AmountTooLow", `${coldkey} has nothing to unstake through ${hotkey}`);
  return done;
}

interface Transition {
  readonly originColdkey: AccountId;
  readonly destinationColdkey: AccountId;
  readonly originHotkey: AccountId;
  readonly destinationHotkey: AccountId;
  readonly originNetuid: number;
  readonly destinationNetuid: number;
  readonly alpha: bigint;
  readonly checkTransferToggle: boolean;
  /** swap_stake_limit: the most alpha the limit lets through (`get_max_amount_move`), fill-or-kill or partial. */
  readonly limit?: { readonly max: bigint; readonly allowPartial: boolean };
}

/**
 * move_stake / transfer_stake / swap_stake: the reference's stake-transition checks, then either a
 * direct share move (same subnet: no swap, no fee) or a sell on the origin subnet and a buy on the
 * destination with the TAO (one fee: the destination leg is fee-free unless the origin is root).
 * Returns the TAO equivalent moved.
 */
export function transitionStake(ctx: CallContext, t: Transition, eventName: string): bigint {
  const s = ctx.state;
  const sameNet = t.originNetuid === t.destinationNetuid;
  if (t.originColdkey === t.destinationColdkey && t.originHotkey === t.destinationHotkey)
    ensure(!sameNet, "SameNetuid", "origin and destination are the same stake position");
  ensureSubnet(s, t.originNetuid);
  if (!sameNet) ensureSubnet(s, t.destinationNetuid);
  ensureSubtoken(s, t.originNetuid);
  ensureSubtoken(s, t.destinationNetuid);
  ensureHotkey(s, t.originHotkey);
  ensureHotkey(s, t.destinationHotkey);
  const held = stakeOf(s, t.originHotkey, t.originColdkey, t.originNetuid);
  ensure(
    t.alpha <= held,
    "NotEnoughStakeToWithdraw",
    `${t.originColdkey} holds ${held} alpha rao on subnet ${t.originNetuid} through ${t.originHotkey}`,
  );
  if (!sameNet) {
    const q = quoteSell(s, t.originNetuid, t.alpha);
    ensure(q !== null, "InsufficientLiquidity", `subnet ${t.originNetuid}'s pool is too shallow`);
    ensure(
      q.out > DEFAULT_MIN_STAKE,
      "AmountTooLow",
      `move more than ${DEFAULT_MIN_STAKE} rao worth of alpha`,
    );
    if (t.limit !== undefined && !t.limit.allowPartial)
      ensure(
        t.alpha <= t.limit.max,
        "SlippageTooHigh",
        `only ${t.limit.max} alpha rao can move before the price ratio passes the limit; move less or allow partial`,
      );
  }
  if (t.checkTransferToggle) {
    ensure(
      TransferToggle.get(s, t.originNetuid),
      "TransferDisallowed",
      `stake transfers are disabled on subnet ${t.originNetuid}`,
    );
    if (!sameNet)
      ensure(
        TransferToggle.get(s, t.destinationNetuid),
        "TransferDisallowed",
        `stake transfers are disabled on subnet ${t.destinationNetuid}`,
      );
  }
  let tao: bigint;
  if (sameNet) {
    const moved = decreaseStake(s, t.originHotkey, t.originColdkey, t.originNetuid, t.alpha);
    ensure(moved > 0n, "AmountTooLow", "move a positive amount of alpha");
    increaseStake(s, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, moved);
    tao = quoteSell(s, t.originNetuid, moved, true)?.out ?? 0n;
    const leg = { tao, alpha: moved, fee: 0n };
    ctx.emit(stakeEvent("StakeRemoved", t.originColdkey, t.originHotkey, t.originNetuid, leg));
    ctx.emit(stakeEvent("StakeAdded", t.destinationColdkey, t.destinationHotkey, t.destinationNetuid, leg));
  } else {
    const fromRoot = t.originNetuid === 0;
    const amount = t.limit !== undefined && t.limit.max < t.alpha ? t.limit.max : t.alpha;
    const sold = sellStake(ctx, t.originColdkey, t.originHotkey, t.originNetuid, amount, fromRoot);
    tao = sold.tao;
    ensure(
      tao - quoteBuy(s, t.destinationNetuid, tao, !fromRoot).fee >= DEFAULT_MIN_STAKE,
      "AmountTooLow",
      `move more than ${DEFAULT_MIN_STAKE} rao worth of alpha`,
    );
    // the TAO goes straight from one pool to the other: TotalStake counts it out and back in
    const bought = buyStake(
      ctx,
      t.destinationColdkey,
      t.destinationHotkey,
      t.destinationNetuid,
      tao,
      !fromRoot,
    );
    ensure(bought.alpha > 0n, "InsufficientLiquidity", "the destination pool returns no alpha");
    ctx.emit(stakeEvent("StakeRemoved", t.originColdkey, t.originHotkey, t.originNetuid, sold));
    ctx.emit(
      stakeEvent("StakeAdded", t.destinationColdkey, t.destinationHotkey, t.destinationNetuid, bought),
    );
  }
  ctx.emit({
    pallet: "SubtensorModule",
    name: eventName,
    data: {
      originColdkey: t.originColdkey,
      destinationColdkey: t.destinationColdkey,
      originHotkey: t.originHotkey,
      destinationHotkey: t.destinationHotkey,
      originNetuid: t.originNetuid,
      destinationNetuid: t.destinationNetuid,
      tao,
    },
  });
  return tao;
}

// ---------------------------------------------------------------------------------------------------
// calls

const addArgs = z.object({ hotkey: address, netuid, amount_staked: rao });
const removeArgs = z.object({ hotkey: address, netuid, amount_unstaked: rao });
const addLimitArgs = addArgs.extend({ limit_price: rao, allow_partial: z.boolean() });
const removeLimitArgs = removeArgs.extend({ limit_price: rao, allow_partial: z.boolean() });
const unstakeAllArgs = z.object({ hotkey: address });
const moveArgs = z.object({
  origin_hotkey: address,
  destination_hotkey: address,
  origin_netuid: netuid,
  destination_netuid: netuid,
  alpha_amount: rao,
});
const transferArgs = z.object({
  destination_coldkey: address,
  hotkey: address,
  origin_netuid: netuid,
  destination_netuid: netuid,
  alpha_amount: rao,
});
const swapArgs = z.object({
  hotkey: address,
  origin_netuid: netuid,
  destination_netuid: netuid,
  alpha_amount: rao,
});

type Args<T extends z.ZodType> = z.output<T>;

const call = <T extends z.ZodType>(
  args: T,
  weight: bigint,
  apply: (ctx: CallContext, a: Args<T>) => void,
): CallDef<Args<T>> => ({
  args: args as unknown as z.ZodType<Args<T>>,
  origin: "signed",
  pays: true,
  weight,
  apply,
});

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const stakingCalls: Record<string, CallDef<any>> = {
  add_stake: call(addArgs, 340_800_000n, (ctx, a) => {
    addStake(ctx, signer(ctx), a.hotkey, a.netuid, a.amount_staked);
  }),
  remove_stake: call(removeArgs, 196_800_000n, (ctx, a) => {
    removeStake(ctx, signer(ctx), a.hotkey, a.netuid, a.amount_unstaked);
  }),
  add_stake_limit: call(addLimitArgs, 340_800_000n, (ctx, a) => {
    addStake(ctx, signer(ctx), a.hotkey, a.netuid, a.amount_staked, {
      price: a.limit_price,
      allowPartial: a.allow_partial,
    });
  }),
  remove_stake_limit: call(removeLimitArgs, 196_800_000n, (ctx, a) => {
    removeStake(ctx, signer(ctx), a.hotkey, a.netuid, a.amount_unstaked, {
      price: a.limit_price,
      allowPartial: a.allow_partial,
    });
  }),
  unstake_all: call(unstakeAllArgs, 3_000_000_000n, (ctx, a) => {
    unstakeAll(ctx, signer(ctx), a.hotkey);
  }),
  move_stake: call(moveArgs, 196_800_000n, (ctx, a) => {
    const cold = signer(ctx);
    transitionStake(
      ctx,
      {
        originColdkey: cold,
        destinationColdkey: cold,
        originHotkey: a.origin_hotkey,
        destinationHotkey: a.destination_hotkey,
        originNetuid: a.origin_netuid,
        destinationNetuid: a.destination_netuid,
        alpha: a.alpha_amount,
        checkTransferToggle: false,
      },
      "StakeMoved",
    );
  }),
  transfer_stake: call(transferArgs, 196_800_000n, (ctx, a) => {
    transitionStake(
      ctx,
      {
        originColdkey: signer(ctx),
        destinationColdkey: a.destination_coldkey,
        originHotkey: a.hotkey,
        destinationHotkey: a.hotkey,
        originNetuid: a.origin_netuid,
        destinationNetuid: a.destination_netuid,
        alpha: a.alpha_amount,
        checkTransferToggle: true,
      },
      "StakeTransferred",
    );
  }),
  swap_stake: call(swapArgs, 196_800_000n, (ctx, a) => {
    const cold = signer(ctx);
    transitionStake(
      ctx,
      {
        originColdkey: cold,
        destinationColdkey: cold,
        originHotkey: a.hotkey,
        destinationHotkey: a.hotkey,
        originNetuid: a.origin_netuid,
        destinationNetuid: a.destination_netuid,
        alpha: a.alpha_amount,
        checkTransferToggle: false,
      },
      "StakeSwapped",
    );
  }),
};
