/**
 * The root-claim books (chain.md §2 "Root claims", §4.7): what each root staker already claimed, how each
 * coldkey claims, the per-subnet claim threshold and the index of root-staking coldkeys that the per-block
 * auto-claim draws from. Also the bookkeeping that keeps the books right when root stake changes
 * (reference `add_stake_adjust_root_claimed_for_hotkey_and_coldkey`,
 * `remove_stake_adjust_root_claimed_for_hotkey_and_coldkey`, `maybe_add_coldkey_index`) and when a subnet
 * is dissolved (`finalize_all_subnet_root_dividends`). The claim itself is in ./root-claim.ts.
 *
 * The rate RootClaimable[hotkey][netuid] (I96F32 raw bits, written by the coinbase) is the alpha of
 * `netuid` owed per unit of root stake on `hotkey` since the start; a root staker's claim is
 * rate × its root stake − RootClaimed. Adding root stake raises RootClaimed by rate × amount, so new stake
 * does not reach back to dividends paid before it; removing root stake lowers it (never below 0).
 */
import type { AccountId } from "../crypto.js";
import { StorageDoubleMap, StorageMap, StorageValue } from "../state/items.js";
import type { State } from "../state/state.js";
import { RootClaimable } from "./coinbase/storage.js";

type NetUid = number;

/** DefaultMinRootClaimAmount: owed amounts below this (alpha rao) are skipped by claims. */
export const DEFAULT_MIN_ROOT_CLAIM_AMOUNT = 500_000n;
/** MAX_ROOT_CLAIM_THRESHOLD: the largest RootClaimableThreshold an owner or root may set. */
export const MAX_ROOT_CLAIM_THRESHOLD = 10_000_000n;
/** DefaultNumRootClaim: coldkeys auto-claimed per block. */
export const DEFAULT_NUM_ROOT_CLAIM = 5;
/** MAX_NUM_ROOT_CLAIMS: the largest NumRootClaim root may set. */
export const MAX_NUM_ROOT_CLAIMS = 50;
/** MAX_SUBNET_CLAIMS: subnets one claim_root call may name. */
export const MAX_SUBNET_CLAIMS = 5;

/**
 * RootClaimTypeEnum as the reference's JSON shape: "Swap" (default: the owed alpha is sold fee-free and
 * the TAO staked on root), "Keep" (the alpha is staked on its subnet), or keep the listed subnets and swap
 * the others.
 */
export type RootClaimTypeValue =
  | "Swap"
  | "Keep"
  | { readonly KeepSubnets: { readonly subnets: readonly number[] } };

/** The key of a (hotkey, coldkey) pair under a netuid in RootClaimed. */
export const claimKey = (hotkey: AccountId, coldkey: AccountId): string => `${hotkey}/${coldkey}`;

/**
 * RootClaimed[(netuid, hotkey, coldkey)]: alpha (rao, u128) counted as already claimed by the root staker
 * (claims, plus rate × root stake added after the rate accrued, minus rate × root stake removed).
 * Stored as RootClaimed[netuid][`${hotkey}/${coldkey}`] so a dissolved subnet clears one prefix.
 */
export const RootClaimed = new StorageDoubleMap<NetUid, string, bigint>("RootClaimed", 0n);

/** RootClaimType[coldkey]: how the coldkey's root dividends are claimed (default Swap). */
export const RootClaimType = new StorageMap<AccountId, RootClaimTypeValue>("RootClaimType", "Swap");

/** RootClaimableThreshold[netuid]: I96F32 raw bits of the smallest owed amount a claim takes. */
export const RootClaimableThreshold = new StorageMap<NetUid, bigint>(
  "RootClaimableThreshold",
  DEFAULT_MIN_ROOT_CLAIM_AMOUNT << 32n,
);

/** NumRootClaim: coldkeys auto-claimed per block (0 disables the auto-claim). */
export const NumRootClaim = new StorageValue<number>("NumRootClaim", DEFAULT_NUM_ROOT_CLAIM);

/** StakingColdkeysByIndex[i]: the i-th indexed root-staking coldkey. */
export const StakingColdkeysByIndex = new StorageMap<number, AccountId | null>(
  "StakingColdkeysByIndex",
  null,
);

/** StakingColdkeys[coldkey]: its index in StakingColdkeysByIndex. */
export const StakingColdkeys = new StorageMap<AccountId, number | null>("StakingColdkeys", null);

/** NumStakingColdkeys: how many coldkeys are indexed. */
export const NumStakingColdkeys = new StorageValue<number>("NumStakingColdkeys", 0);

const I128_MAX = (1n << 127n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

/** `saturating_to_num::<u128>()` of an I96F32 product: floor, clamped to [0, u128::MAX]. */
function floorToU128(bits: bigint): bigint {
  if (bits <= 0n) return 0n;
  const v = bits >> 32n;
  return v > U128_MAX ? U128_MAX : v;
}

/** `rate.saturating_mul(I96F32::from(amount))`: exact for an integer amount, saturating at I96F32::MAX. */
export function rateTimes(rate: bigint, amount: bigint): bigint {
  const product = rate * amount;
  return product > I128_MAX ? I128_MAX : product;
}

/** The subnets with a claimable rate on `hotkey`, ascending (the reference's BTreeMap order). */
export function claimableSubnets(s: State, hotkey: AccountId): Array<[number, bigint]> {
  return [...RootClaimable.prefix(s, hotkey)]
    .map(([k, v]) => [Number(k), v] as [number, bigint])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * `add_stake_adjust_root_claimed_for_hotkey_and_coldkey`: root stake of `amount` was added to
 * (hotkey, coldkey); for every subnet with a rate, RootClaimed += floor(rate × amount).
 */
export function addStakeAdjustRootClaimed(
  s: State,
  hotkey: AccountId,
  coldkey: AccountId,
  amount: bigint,
): void {
  if (amount <= 0n) return;
  const key = claimKey(hotkey, coldkey);
  for (const [netuid, rate] of claimableSubnets(s, hotkey)) {
    const raise = floorToU128(rateTimes(rate, amount));
    if (raise === 0n) continue;
    RootClaimed.update(s, netuid, key, (v) => (v + raise > U128_MAX ? U128_MAX : v + raise));
  }
}

/**
 * `remove_stake_adjust_root_claimed_for_hotkey_and_coldkey`: root stake of `amount` left
 * (hotkey, coldkey); for every subnet with a rate (root excluded), RootClaimed −= floor(rate × amount),
 * saturating at 0 (an unclaimed share of the removed stake is forfeited, as in the reference).
 */
export function removeStakeAdjustRootClaimed(
  s: State,
  hotkey: AccountId,
  coldkey: AccountId,
  amount: bigint,
): void {
  if (amount <= 0n) return;
  const key = claimKey(hotkey, coldkey);
  for (const [netuid, rate] of claimableSubnets(s, hotkey)) {
    if (netuid === 0) continue;
    const lower = floorToU128(rateTimes(rate, amount));
    if (lower === 0n) continue;
    const claimed = RootClaimed.get(s, netuid, key);
    RootClaimed.set(s, netuid, key, claimed > lower ? claimed - lower : 0n);
  }
}

/** `maybe_add_coldkey_index`: appends the coldkey to the auto-claim index unless it is there. */
export function maybeAddColdkeyIndex(s: State, coldkey: AccountId): void {
  if (StakingColdkeys.get(s, coldkey) !== null) return;
  const n = NumStakingColdkeys.get(s);
  StakingColdkeysByIndex.set(s, n, coldkey);
  StakingColdkeys.set(s, coldkey, n);
  NumStakingColdkeys.set(s, n + 1);
}

/**
 * `finalize_all_subnet_root_dividends` (dissolution, chain.md §8.3 step 1): the subnet's rate is removed
 * from every hotkey and its RootClaimed entries cleared. Unclaimed root alpha is not paid out: it has no
 * stake position, so it takes no share of the dissolved pool.
 */
export function finalizeAllSubnetRootDividends(s: State, netuid: number): void {
  for (const hotkey of RootClaimable.firstKeys(s)) {
    if (RootClaimable.has(s, hotkey, netuid)) RootClaimable.remove(s, hotkey, netuid);
  }
  RootClaimed.clearPrefix(s, netuid);
}
