/**
 * The staking calls built on the operations of ./staking.ts (chain.md §6.1, §6.2, §10):
 * - `remove_stake_full_limit(hotkey, netuid, limit_price?)`: unstake the whole position, fill-or-kill
 *   against the limit when one is given (remove_stake_limit with allow_partial = false), else at market.
 * - `unstake_all_alpha(hotkey)`: sell the caller's alpha through `hotkey` on every started subnet (subnets
 *   whose unstake would fail are skipped) and stake the TAO on root through the same hotkey; the call fails
 *   with AmountTooLow when nothing could be sold.
 * - `swap_stake_limit(hotkey, origin_netuid, destination_netuid, alpha_amount, limit_price, allow_partial)`:
 *   swap_stake whose limit is the relative price origin/destination in rao per rao (10^9 = 1). The most
 *   alpha that may move is the reference's closed form `get_max_amount_move` (constant-product legs,
 *   fees ignored), with the root/stable legs handled as add/remove limits.
 * No per-block staking rate limit exists at spec 425 (chain.md §12).
 */
import { z } from "zod";
import { address, netuid, raoU64 as rao, signer } from "../args.js";
import type { AccountId } from "../crypto.js";
import { ensure } from "../errors.js";
import { isStable, maxAddAmount, maxRemoveAmount, spotPriceU64F64 } from "../pool.js";
import { stakeOf } from "../stake.js";
import type { State } from "../state/state.js";
import { NetworksAdded, SubnetAlphaIn, SubnetTAO, SubtokenEnabled } from "../storage.js";
import type { CallContext, CallDef } from "../types.js";
import {
  buyStake,
  clearSmallNomination,
  ensureHotkey,
  type Leg,
  removeStake,
  sellStake,
  stakeEvent,
  transitionStake,
  validateRemove,
} from "./staking.js";

/** u64::MAX: no limit on the amount. */
const UNLIMITED = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
const RAO = 1_000_000_000n;

// U64F64 on raw bits, rounding and saturating as substrate_fixed / safe_math do.
const fxInt = (n: bigint): bigint => (n << 64n > U128_MAX ? U128_MAX : n << 64n);
const fxMul = (a: bigint, b: bigint): bigint => {
  const r = (a * b) >> 64n;
  return r > U128_MAX ? U128_MAX : r;
};
/** `safe_div`: 0 on division by zero or overflow. */
const fxDiv = (a: bigint, b: bigint): bigint => {
  if (b === 0n) return 0n;
  const r = (a << 64n) / b;
  return r > U128_MAX ? 0n : r;
};
const fxToU64 = (a: bigint): bigint => (a >> 64n > UNLIMITED ? UNLIMITED : a >> 64n);

/**
 * `get_max_amount_move`: the most origin alpha a swap_stake_limit may move before the relative price
 * origin/destination falls to `limit` rao per rao; 0 where the reference fails (PriceLimitExceeded).
 * - both legs root/stable: unlimited if limit ≤ 1.0, else 0;
 * - stable → dynamic: an add limit at the inverted price 10^18 / limit (limit 0: unlimited);
 * - dynamic → stable: a remove limit at `limit`;
 * - dynamic → dynamic: 0 on an empty reserve or a limit above the current ratio, unlimited for limit 0,
 *   else x = α₂·τ₁/(τ₁+τ₂)/L − α₁·τ₂/(τ₁+τ₂), the amount at which the average rate moved/unstaked of two
 *   constant-product legs equals L.
 */
export function maxMoveAmount(s: State, origin: number, destination: number, limit: bigint): bigint {
  const originStable = isStable(s, origin);
  const destinationStable = isStable(s, destination);
  if (originStable && destinationStable) return limit > RAO ? 0n : UNLIMITED;
  if (originStable) {
    if (limit === 0n) return UNLIMITED;
    const inverted = fxToU64(fxMul(fxDiv(fxInt(RAO), fxInt(limit)), fxInt(RAO)));
    return maxAddAmount(s, destination, inverted);
  }
  if (destinationStable) return maxRemoveAmount(s, origin, limit);
  const tao1 = SubnetTAO.get(s, origin);
  const tao2 = SubnetTAO.get(s, destination);
  if (tao1 === 0n || tao2 === 0n) return 0n;
  const alpha1 = SubnetAlphaIn.get(s, origin);
  const alpha2 = SubnetAlphaIn.get(s, destination);
  if (alpha1 === 0n || alpha2 === 0n) return 0n;
  const limitFx = (limit << 64n) / RAO;
  const current = fxDiv(spotPriceU64F64(s, origin), spotPriceU64F64(s, destination));
  if (limitFx > current) return 0n;
  if (limit === 0n) return UNLIMITED;
  const sum = fxInt(tao1) + fxInt(tao2);
  const t1OverSum = fxDiv(fxInt(tao1), sum);
  const t2OverSum = fxDiv(fxInt(tao2), sum);
  const first = fxDiv(fxMul(fxInt(alpha2), t1OverSum), limitFx);
  const second = fxMul(fxInt(alpha1), t2OverSum);
  return fxToU64(first > second ? first - second : 0n);
}

/** The net TAO of selling the caller's alpha on every started subnet, staked on root (same hotkey). */
export function unstakeAllAlpha(ctx: CallContext, coldkey: AccountId, hotkey: AccountId): Leg {
  const s = ctx.state;
  ensureHotkey(s, hotkey);
  const netuids = NetworksAdded.keys(s)
    .map(Number)
    .filter((n) => n !== 0)
    .sort((a, b) => a - b);
  let total = 0n;
  for (const netuid of netuids) {
    if (!SubtokenEnabled.get(s, netuid)) continue;
    const alpha = stakeOf(s, hotkey, coldkey, netuid);
    try {
      validateRemove(s, coldkey, hotkey, netuid, alpha, alpha, false);
    } catch {
      continue;
    }
    const sold = sellStake(ctx, coldkey, hotkey, netuid, alpha, false);
    total += sold.tao;
    ctx.emit(stakeEvent("StakeRemoved", coldkey, hotkey, netuid, sold));
    clearSmallNomination(ctx, hotkey, coldkey, netuid);
  }
  ensure(total > 0n, "AmountTooLow", `${coldkey} has no alpha to unstake through ${hotkey}`);
  const leg = buyStake(ctx, coldkey, hotkey, 0, total, false);
  ctx.emit(stakeEvent("StakeAdded", coldkey, hotkey, 0, leg));
  return leg;
}

// ---------------------------------------------------------------------------------------------------
// calls

const fullLimitArgs = z.object({ hotkey: address, netuid, limit_price: rao.nullable().optional() });
const unstakeAllAlphaArgs = z.object({ hotkey: address });
const swapLimitArgs = z.object({
  hotkey: address,
  origin_netuid: netuid,
  destination_netuid: netuid,
  alpha_amount: rao,
  limit_price: rao,
  allow_partial: z.boolean(),
});

const call = <T extends z.ZodType>(
  args: T,
  weight: bigint,
  apply: (ctx: CallContext, a: z.output<T>) => void,
): CallDef<z.output<T>> => ({
  args: args as unknown as z.ZodType<z.output<T>>,
  origin: "signed",
  pays: true,
  weight,
  apply,
});

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
export const stakingLimitCalls: Record<string, CallDef<any>> = {
  remove_stake_full_limit: call(fullLimitArgs, 196_800_000n, (ctx, a) => {
    const cold = signer(ctx);
    const alpha = stakeOf(ctx.state, a.hotkey, cold, a.netuid);
    const limit = a.limit_price ?? null;
    removeStake(
      ctx,
      cold,
      a.hotkey,
      a.netuid,
      alpha,
      limit === null ? null : { price: limit, allowPartial: false },
    );
  }),
  unstake_all_alpha: call(unstakeAllAlphaArgs, 3_000_000_000n, (ctx, a) => {
    unstakeAllAlpha(ctx, signer(ctx), a.hotkey);
  }),
  swap_stake_limit: call(swapLimitArgs, 196_800_000n, (ctx, a) => {
    const cold = signer(ctx);
    const s = ctx.state;
    let limit: { max: bigint; allowPartial: boolean } | undefined;
    if (a.origin_netuid !== a.destination_netuid) {
      const max = maxMoveAmount(s, a.origin_netuid, a.destination_netuid, a.limit_price);
      ensure(
        max > 0n,
        "PriceLimitExceeded",
        `the price of subnet ${a.origin_netuid} relative to subnet ${a.destination_netuid} is already below ${a.limit_price} rao per rao`,
        "Swap",
      );
      limit = { max, allowPartial: a.allow_partial };
    }
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
        ...(limit === undefined ? {} : { limit }),
      },
      "StakeSwapped",
    );
  }),
};
