/** Account queries (pure functions over a state, for the node's RPC and the SDK). */
import type { AccountId } from "../crypto.js";
import { stakeOf } from "../stake.js";
import type { State } from "../state/state.js";
import { Account, StakingHotkeys, TotalHotkeyAlpha } from "../storage.js";

export interface AccountView {
  readonly address: AccountId;
  readonly nonce: number;
  /** Free balance in rao. */
  readonly free: bigint;
}

export function accountInfo(s: State, address: AccountId): AccountView {
  const a = Account.get(s, address);
  return { address, nonce: a.nonce, free: a.free };
}

export interface StakePosition {
  readonly hotkey: AccountId;
  readonly coldkey: AccountId;
  readonly netuid: number;
  /** Alpha (rao) on the subnet; TAO for netuid 0. */
  readonly stake: bigint;
}

/** Every stake position of a coldkey, on every subnet where its hotkeys' pools hold something. */
export function stakesOfColdkey(s: State, coldkey: AccountId): StakePosition[] {
  const out: StakePosition[] = [];
  for (const hotkey of StakingHotkeys.get(s, coldkey)) {
    for (const netuidText of TotalHotkeyAlpha.prefix(s, hotkey).keys()) {
      const netuid = Number(netuidText);
      const stake = stakeOf(s, hotkey, coldkey, netuid);
      if (stake > 0n) out.push({ hotkey, coldkey, netuid, stake });
    }
  }
  return out.sort((a, b) => a.netuid - b.netuid || (a.hotkey < b.hotkey ? -1 : 1));
}

/** Accounts with a free balance above zero (the explorer's "non-zero wallets"). */
export function countFundedAccounts(s: State): number {
  let n = 0;
  for (const k of Account.keys(s)) if (Account.get(s, k).free > 0n) n++;
  return n;
}
