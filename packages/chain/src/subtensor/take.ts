/**
 * Delegate take (chain.md §6.3): the share of a hotkey's dividends its owner keeps before the rest
 * reaches the nominators' share pools. `Delegates[hotkey]` holds it as u16 / 65535; a hotkey without
 * an entry takes the default 11 796 (18 %).
 *
 * - `decrease_take(hotkey, take)`: strictly lower than the stored take (if one is stored), at least
 *   MinDelegateTake; no rate limit, but it records the block, so a decrease followed by an increase is
 *   still rate-limited.
 * - `increase_take(hotkey, take)`: strictly higher than the stored take (else DelegateTakeTooLow), at
 *   most MaxDelegateTake (DelegateTakeTooHigh), and only if more than TxDelegateTakeRateLimit blocks
 *   passed since the hotkey's last take change (DelegateTxRateLimitExceeded).
 * Both: the hotkey must exist (HotKeyAccountNotExists) and belong to the caller (NonAssociatedColdKey).
 *
 * The bounds and the rate limit are root-set storage values (AdminUtils: sudo_set_min_delegate_take,
 * sudo_set_default_take for the maximum, sudo_set_tx_delegate_take_rate_limit).
 */
import { z } from "zod";
import { signer } from "../args.js";
import { type AccountId, isAddress } from "../crypto.js";
import { ensure } from "../errors.js";
import type { State } from "../state/state.js";
import { Delegates, Owner } from "../storage.js";
import type { CallContext, CallDef } from "../types.js";
import {
  LastRateLimitedBlock,
  MaxDelegateTake,
  MinDelegateTake,
  TxDelegateTakeRateLimit,
} from "./subnets/storage.js";

/** The reference's RateLimitKey::LastTxBlockDelegateTake(hotkey), as a LastRateLimitedBlock key. */
const lastTakeKey = (hotkey: AccountId) => `LastTxBlockDelegateTake/${hotkey}`;

/** The take of a hotkey, u16 / 65535 (18 % when none was set). */
export function hotkeyTake(s: State, hotkey: AccountId): number {
  return Delegates.get(s, hotkey);
}

/** The block of the hotkey's last take change (0: never). */
export function lastTakeChange(s: State, hotkey: AccountId): number {
  return LastRateLimitedBlock.get(s, lastTakeKey(hotkey));
}

/** `exceeds_tx_delegate_take_rate_limit`: within the limit while now − last ≤ limit (limit 0: never). */
export function takeIncreaseRateLimited(s: State, hotkey: AccountId, now: number): boolean {
  const limit = TxDelegateTakeRateLimit.get(s);
  const last = lastTakeChange(s, hotkey);
  if (limit === 0 || last === 0) return false;
  return Math.max(0, now - last) <= limit;
}

function takeChecks(s: State, coldkey: AccountId, hotkey: AccountId): void {
  const owner = Owner.get(s, hotkey);
  ensure(
    owner !== null,
    "HotKeyAccountNotExists",
    `hotkey ${hotkey} is not registered; register it on a subnet first`,
  );
  ensure(owner === coldkey, "NonAssociatedColdKey", `hotkey ${hotkey} belongs to another coldkey (${owner})`);
}

export function decreaseTake(ctx: CallContext, coldkey: AccountId, hotkey: AccountId, take: number): void {
  const s = ctx.state;
  takeChecks(s, coldkey, hotkey);
  if (Delegates.has(s, hotkey)) {
    const current = Delegates.get(s, hotkey);
    ensure(
      take < current,
      "DelegateTakeTooLow",
      `decrease_take must lower the take below its current ${current}/65535; use increase_take to raise it`,
    );
  }
  const min = MinDelegateTake.get(s);
  ensure(take >= min, "DelegateTakeTooLow", `the take may not go below the minimum ${min}/65535`);
  Delegates.set(s, hotkey, take);
  LastRateLimitedBlock.set(s, lastTakeKey(hotkey), ctx.header.number);
  ctx.emit({ pallet: "SubtensorModule", name: "TakeDecreased", data: { coldkey, hotkey, take } });
}

export function increaseTake(ctx: CallContext, coldkey: AccountId, hotkey: AccountId, take: number): void {
  const s = ctx.state;
  takeChecks(s, coldkey, hotkey);
  if (Delegates.has(s, hotkey)) {
    const current = Delegates.get(s, hotkey);
    ensure(
      take > current,
      "DelegateTakeTooLow",
      `increase_take must raise the take above its current ${current}/65535; use decrease_take to lower it`,
    );
  }
  const max = MaxDelegateTake.get(s);
  ensure(take <= max, "DelegateTakeTooHigh", `the take may not exceed the maximum ${max}/65535`);
  const now = ctx.header.number;
  ensure(
    !takeIncreaseRateLimited(s, hotkey, now),
    "DelegateTxRateLimitExceeded",
    `the take of ${hotkey} was changed at block ${lastTakeChange(s, hotkey)}; it may be increased again after block ${
      lastTakeChange(s, hotkey) + TxDelegateTakeRateLimit.get(s)
    }`,
  );
  LastRateLimitedBlock.set(s, lastTakeKey(hotkey), now);
  Delegates.set(s, hotkey, take);
  ctx.emit({ pallet: "SubtensorModule", name: "TakeIncreased", data: { coldkey, hotkey, take } });
}

// ---------------------------------------------------------------------------------------------------
// calls

const takeArgs = z.object({
  hotkey: z.string().refine(isAddress, "expected an SS58 address (prefix 42)"),
  take: z.number().int().min(0).max(65_535),
});
type TakeArgs = z.output<typeof takeArgs>;

const takeCall = (weight: bigint, apply: (ctx: CallContext, a: TakeArgs) => void): CallDef<TakeArgs> => ({
  args: takeArgs,
  origin: "signed",
  pays: true,
  weight,
  apply,
});

export const takeCalls: Record<string, CallDef<TakeArgs>> = {
  decrease_take: takeCall(302_200_000n, (ctx, a) => decreaseTake(ctx, signer(ctx), a.hotkey, a.take)),
  increase_take: takeCall(361_710_000n, (ctx, a) => increaseTake(ctx, signer(ctx), a.hotkey, a.take)),
};
