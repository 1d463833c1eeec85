/**
 * Stake positions: per (hotkey, netuid) a share pool whose value is TotalHotkeyAlpha and whose shares
 * are TotalHotkeySharesV2; a coldkey holds AlphaV2 shares. Adding to the hotkey (dividends) raises every
 * holder's value; adding for one coldkey mints shares at the current ratio (chain.md §2, §6).
 * This is the minimal share pool the chain needs; the staking issue adds the full stake operations.
 */
import type { AccountId } from "./crypto.js";
import type { State } from "./state/state.js";
import { AlphaV2, StakingHotkeys, TotalHotkeyAlpha, TotalHotkeySharesV2 } from "./storage.js";
import { addStakeAdjustRootClaimed, maybeAddColdkeyIndex } from "./subtensor/root-claim-state.js";

/** Root (netuid 0) stake leaving a position lowers its RootClaimed (`decreaseStake` calls it). */
export { removeStakeAdjustRootClaimed } from "./subtensor/root-claim-state.js";

const position = (hotkey: AccountId, coldkey: AccountId) => `${hotkey}/${coldkey}`;

/** The alpha (rao) a coldkey holds through a hotkey on a subnet. */
export function stakeOf(s: State, hotkey: AccountId, coldkey: AccountId, netuid: number): bigint {
  const shares = AlphaV2.get(s, position(hotkey, coldkey), netuid);
  if (shares === 0n) return 0n;
  const total = TotalHotkeySharesV2.get(s, hotkey, netuid);
  if (total === 0n) return 0n;
  return (shares * TotalHotkeyAlpha.get(s, hotkey, netuid)) / total;
}

/** Total alpha staked to a hotkey on a subnet (all coldkeys). */
export function hotkeyAlpha(s: State, hotkey: AccountId, netuid: number): bigint {
  return TotalHotkeyAlpha.get(s, hotkey, netuid);
}

/**
 * Credits `amount` alpha to (hotkey, coldkey) on a subnet, minting shares at the current ratio. Root stake
 * (netuid 0) also raises the position's RootClaimed by the claimable rates, so it does not share in root
 * dividends paid before it, and indexes the coldkey for the root-dividend auto-claim (chain.md §4.7).
 */
export function increaseStake(
  s: State,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  amount: bigint,
): void {
  if (amount <= 0n) return;
  const value = TotalHotkeyAlpha.get(s, hotkey, netuid);
  const shares = TotalHotkeySharesV2.get(s, hotkey, netuid);
  const minted = shares === 0n || value === 0n ? amount : (amount * shares) / value;
  TotalHotkeyAlpha.set(s, hotkey, netuid, value + amount);
  TotalHotkeySharesV2.set(s, hotkey, netuid, shares + minted);
  AlphaV2.update(s, position(hotkey, coldkey), netuid, (v) => v + minted);
  const staking = StakingHotkeys.get(s, coldkey);
  if (!staking.includes(hotkey)) StakingHotkeys.set(s, coldkey, [...staking, hotkey]);
  if (netuid === 0) {
    addStakeAdjustRootClaimed(s, hotkey, coldkey, amount);
    maybeAddColdkeyIndex(s, coldkey);
  }
}

/** Adds `amount` alpha to a hotkey's pool without minting shares: every holder's stake grows pro rata. */
export function increaseHotkeyPool(s: State, hotkey: AccountId, netuid: number, amount: bigint): void {
  if (amount <= 0n) return;
  TotalHotkeyAlpha.update(s, hotkey, netuid, (v) => v + amount);
}
