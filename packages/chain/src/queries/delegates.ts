/**
 * Delegation queries (chain.md §13): the reference's runtime APIs `DelegateInfoRuntimeApi`
 * (get_delegates / get_delegate / get_delegated) and `StakeInfoRuntimeApi`
 * (get_stake_info_for_coldkey(s), get_stake_info_for_hotkey_coldkey_netuid). Pure reads.
 *
 * Which hotkeys are delegates: the reference lists the hotkeys with a `Delegates` entry (a take set
 * explicitly, or the default written when a non-owner stakes through add_stake_limit or a move). The
 * state here does not store a value equal to its default, so a delegate is a hotkey with a take entry or
 * with stake from a coldkey other than its owner.
 *
 * `returnPer1000` is the reference's estimate: the hotkey's last-epoch emission on every subnet it is
 * registered on, scaled to a day (7 200 blocks / tempo epochs), net of take, per 1 000 TAO of its root
 * stake (U64F64, floored). `totalStake` (per subnet, the hotkey pool's alpha) is an addition for clients.
 */
import type { AccountId } from "../crypto.js";
import { stakeOf } from "../stake.js";
import type { State } from "../state/state.js";
import {
  AlphaV2,
  Delegates,
  Emission,
  IsNetworkMember,
  NetworksAdded,
  Owner,
  StakingHotkeys,
  Tempo,
  TotalHotkeyAlpha,
  Uids,
  ValidatorPermit,
} from "../storage.js";
import { AlphaDividendsPerSubnet } from "../subtensor/coinbase/storage.js";

export interface NetuidAmount {
  readonly netuid: number;
  /** Alpha rao (TAO rao on netuid 0). */
  readonly stake: bigint;
}

export interface Nomination {
  readonly coldkey: AccountId;
  readonly stakes: readonly NetuidAmount[];
}

export interface DelegateInfo {
  readonly delegate: AccountId;
  /** u16 / 65535. */
  readonly take: number;
  /** Every coldkey staking to the hotkey (its owner included) with its stake per subnet. */
  readonly nominators: readonly Nomination[];
  readonly owner: AccountId | null;
  /** Subnets the hotkey is registered on. */
  readonly registrations: readonly number[];
  /** Subnets where it holds a validator permit. */
  readonly validatorPermits: readonly number[];
  /** Daily return per 1 000 TAO of root stake, net of take (rao). */
  readonly returnPer1000: bigint;
  /** Daily emission of the hotkey over its subnets (rao of alpha, summed as the reference does). */
  readonly totalDailyReturn: bigint;
  /** Alpha in the hotkey's pool per subnet (all coldkeys). */
  readonly totalStake: readonly NetuidAmount[];
}

export interface StakeInfo {
  readonly hotkey: AccountId;
  readonly coldkey: AccountId;
  readonly netuid: number;
  /** Alpha rao (TAO on root). */
  readonly stake: bigint;
  /** Conviction-locked part (locks are not modelled: 0). */
  readonly locked: bigint;
  /** The hotkey's nominator dividends in the subnet's last epoch (AlphaDividendsPerSubnet). */
  readonly emission: bigint;
  /** TaoDividendsPerSubnet no longer exists (root dividends are claimable): 0. */
  readonly taoEmission: bigint;
  readonly drain: bigint;
  readonly isRegistered: boolean;
}

const ONE = 1n << 64n;
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const fxDiv = (a: bigint, b: bigint): bigint => {
  if (b === 0n) return 0n;
  const r = (a << 64n) / b;
  return r > U128_MAX ? 0n : r;
};
const fxMul = (a: bigint, b: bigint): bigint => {
  const r = (a * b) >> 64n;
  return r > U128_MAX ? U128_MAX : r;
};
const fxToU64 = (a: bigint): bigint => (a >> 64n > U64_MAX ? U64_MAX : a >> 64n);

/** `return_per_1000_tao` on U64F64 raw bits. */
export function returnPer1000Tao(take: number, totalStake: bigint, emissionsPerDay: bigint): bigint {
  if (totalStake === 0n) return 0n;
  const withoutTake = ONE - fxDiv(BigInt(take) << 64n, 65_535n << 64n);
  const thousandTao = fxDiv(totalStake << 64n, 1_000_000_000_000n << 64n);
  return fxDiv(fxMul(emissionsPerDay, withoutTake), thousandTao);
}

const allNetuids = (s: State): number[] =>
  NetworksAdded.keys(s)
    .map(Number)
    .filter((n) => NetworksAdded.get(s, n))
    .sort((a, b) => a - b);

/** hotkey → coldkey → netuid → shares, from the AlphaV2 keys (`hotkey/coldkey`). */
function positionsByHotkey(s: State, only?: AccountId): Map<AccountId, Map<AccountId, number[]>> {
  const out = new Map<AccountId, Map<AccountId, number[]>>();
  for (const key of AlphaV2.firstKeys(s)) {
    const slash = key.indexOf("/");
    const hotkey = key.slice(0, slash);
    if (only !== undefined && hotkey !== only) continue;
    const coldkey = key.slice(slash + 1);
    const netuids = [...AlphaV2.prefix(s, key).keys()].map(Number).sort((a, b) => a - b);
    if (netuids.length === 0) continue;
    let byCold = out.get(hotkey);
    if (!byCold) {
      byCold = new Map();
      out.set(hotkey, byCold);
    }
    byCold.set(coldkey, netuids);
  }
  return out;
}

function isDelegate(s: State, hotkey: AccountId, coldkeys: Iterable<AccountId> | undefined): boolean {
  if (Delegates.has(s, hotkey)) return true;
  const owner = Owner.get(s, hotkey);
  if (owner === null || coldkeys === undefined) return false;
  for (const c of coldkeys) if (c !== owner) return true;
  return false;
}

function delegateInfo(
  s: State,
  hotkey: AccountId,
  positions: Map<AccountId, number[]> | undefined,
  skipNominators: boolean,
): DelegateInfo {
  const nominators: Nomination[] = [];
  if (!skipNominators && positions) {
    for (const [coldkey, netuids] of [...positions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const stakes = netuids
        .map((netuid) => ({ netuid, stake: stakeOf(s, hotkey, coldkey, netuid) }))
        .filter((p) => p.stake > 0n);
      if (stakes.length > 0) nominators.push({ coldkey, stakes });
    }
  }
  const registrations: number[] = [];
  const validatorPermits: number[] = [];
  let emissionsPerDay = 0n;
  for (const netuid of allNetuids(s)) {
    if (!IsNetworkMember.get(s, hotkey, netuid)) continue;
    registrations.push(netuid);
    const uid = Uids.get(s, netuid, hotkey);
    if (uid === null) continue;
    if (ValidatorPermit.get(s, netuid)[uid] === true) validatorPermits.push(netuid);
    const emission = Emission.get(s, netuid)[uid] ?? 0n;
    const tempo = Tempo.get(s, netuid);
    if (tempo > 0) {
      const epochsPerDay = fxDiv(7_200n << 64n, BigInt(tempo) << 64n);
      emissionsPerDay += fxMul(emission << 64n, epochsPerDay);
    }
  }
  const take = Delegates.get(s, hotkey);
  const rootStake = TotalHotkeyAlpha.get(s, hotkey, 0);
  const totalStake = [...TotalHotkeyAlpha.prefix(s, hotkey)]
    .map(([netuid, stake]) => ({ netuid: Number(netuid), stake }))
    .filter((p) => p.stake > 0n)
    .sort((a, b) => a.netuid - b.netuid);
  return {
    delegate: hotkey,
    take,
    nominators,
    owner: Owner.get(s, hotkey),
    registrations,
    validatorPermits,
    returnPer1000: fxToU64(returnPer1000Tao(take, rootStake, emissionsPerDay)),
    totalDailyReturn: fxToU64(emissionsPerDay),
    totalStake,
  };
}

/** `get_delegate(hotkey)`: null if the hotkey is not a delegate. */
export function getDelegate(s: State, hotkey: AccountId): DelegateInfo | null {
  const positions = positionsByHotkey(s, hotkey).get(hotkey);
  if (!isDelegate(s, hotkey, positions?.keys())) return null;
  return delegateInfo(s, hotkey, positions, false);
}

/** `get_delegates`: every delegate, by address. */
export function getDelegates(s: State): DelegateInfo[] {
  const positions = positionsByHotkey(s);
  const candidates = new Set<AccountId>([...Delegates.keys(s), ...positions.keys()]);
  return [...candidates]
    .filter((h) => isDelegate(s, h, positions.get(h)?.keys()))
    .sort()
    .map((h) => delegateInfo(s, h, positions.get(h), false));
}

/** `get_delegated(coldkey)`: the delegates the coldkey stakes to (without their nominators), per subnet. */
export function getDelegated(s: State, coldkey: AccountId): Array<[DelegateInfo, NetuidAmount]> {
  const out: Array<[DelegateInfo, NetuidAmount]> = [];
  for (const info of getDelegates(s)) {
    for (const netuid of [...AlphaV2.prefix(s, `${info.delegate}/${coldkey}`).keys()]
      .map(Number)
      .sort((a, b) => a - b)) {
      out.push([
        { ...info, nominators: [] },
        { netuid, stake: stakeOf(s, info.delegate, coldkey, netuid) },
      ]);
    }
  }
  return out;
}

function stakeInfo(s: State, hotkey: AccountId, coldkey: AccountId, netuid: number): StakeInfo {
  return {
    hotkey,
    coldkey,
    netuid,
    stake: stakeOf(s, hotkey, coldkey, netuid),
    locked: 0n,
    emission: AlphaDividendsPerSubnet.get(s, netuid, hotkey),
    taoEmission: 0n,
    drain: 0n,
    isRegistered: IsNetworkMember.get(s, hotkey, netuid),
  };
}

/** `get_stake_info_for_coldkey`: per subnet (ascending), per staking hotkey, the non-zero positions. */
export function getStakeInfoForColdkey(s: State, coldkey: AccountId): StakeInfo[] {
  const hotkeys = StakingHotkeys.get(s, coldkey);
  const out: StakeInfo[] = [];
  for (const netuid of allNetuids(s)) {
    for (const hotkey of hotkeys) {
      if (stakeOf(s, hotkey, coldkey, netuid) === 0n) continue;
      out.push(stakeInfo(s, hotkey, coldkey, netuid));
    }
  }
  return out;
}

/** `get_stake_info_for_coldkeys`. */
export function getStakeInfoForColdkeys(
  s: State,
  coldkeys: readonly AccountId[],
): Array<[AccountId, StakeInfo[]]> {
  return coldkeys.map((c) => [c, getStakeInfoForColdkey(s, c)]);
}

/** `get_stake_info_for_hotkey_coldkey_netuid` (always an entry, possibly with zero stake). */
export function getStakeInfoForHotkeyColdkeyNetuid(
  s: State,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
): StakeInfo {
  return stakeInfo(s, hotkey, coldkey, netuid);
}
