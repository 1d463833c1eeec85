/**
 * The metagraph of a subnet (chain.md §7.5, the reference's `get_metagraph` / `get_mechagraph`): one
 * column per per-uid field, indexed by uid, plus the current registration cost. Read-only.
 *
 * Rank, trust and pruning score no longer exist on the chain (removed in 2026); they are returned
 * empty for clients that still read them.
 */
import type { AccountId } from "../crypto.js";
import { hotkeyAlpha } from "../stake.js";
import type { State } from "../state/state.js";
import {
  Active,
  type AxonInfo,
  Axons,
  BlockAtRegistration,
  Burn,
  Consensus,
  Dividends,
  Emission,
  Incentive,
  Keys,
  LastUpdate,
  MaxAllowedUids,
  MechanismCountCurrent,
  NetworksAdded,
  Number_,
  Owner,
  SubnetworkN,
  ValidatorPermit,
  ValidatorTrust,
} from "../storage.js";
import { mechanismIndex } from "../subtensor/neurons.js";
import { stakeWeightI64F64 } from "../subtensor/weights.js";

/** The axon of a uid that never served one. */
export const EMPTY_AXON: AxonInfo = {
  block: 0,
  version: 0,
  ip: "0",
  port: 0,
  ipType: 0,
  protocol: 0,
  placeholder1: 0,
  placeholder2: 0,
};

export interface Metagraph {
  readonly netuid: number;
  readonly mecid: number;
  /** The block the state is at. */
  readonly block: number;
  /** Number of uids. */
  readonly n: number;
  readonly maxUids: number;
  /** The current neuron registration price (Burn), rao. */
  readonly registrationCost: bigint;
  readonly hotkeys: AccountId[];
  /** Owner of each hotkey (null if unowned, which a registered hotkey never is). */
  readonly coldkeys: Array<AccountId | null>;
  readonly axons: AxonInfo[];
  readonly active: boolean[];
  readonly validatorPermit: boolean[];
  /** Per mechanism: block of the last weights set (or commit). */
  readonly lastUpdate: number[];
  /** Alpha rao per uid, last epoch. */
  readonly emission: bigint[];
  /** u16 proportions (65535 = 1). */
  readonly dividends: number[];
  /** Per mechanism. */
  readonly incentives: number[];
  readonly consensus: number[];
  readonly validatorTrust: number[];
  readonly blockAtRegistration: number[];
  /** Alpha staked to the hotkey on this subnet, rao. */
  readonly alphaStake: bigint[];
  /** Root (TAO) stake of the hotkey, rao. */
  readonly taoStake: bigint[];
  /** alpha + TaoWeight · root stake, floored to rao (the stake weight). */
  readonly totalStake: bigint[];
  /** Deprecated (always empty / 0). */
  readonly rank: number[];
  readonly trust: number[];
  readonly pruningScore: number[];
}

const column = <T>(vec: readonly T[], n: number, fill: T): T[] =>
  Array.from({ length: n }, (_, uid) => vec[uid] ?? fill);

/** The metagraph of `netuid` (mechanism `mecid`, default 0), or null if the subnet does not exist. */
export function getMetagraph(s: State, netuid: number, mecid = 0): Metagraph | null {
  if (!NetworksAdded.get(s, netuid) || mecid >= MechanismCountCurrent.get(s, netuid)) return null;
  const n = SubnetworkN.get(s, netuid);
  const index = mechanismIndex(netuid, mecid);
  const uids = Array.from({ length: n }, (_, uid) => uid);
  const hotkeys = uids.map((uid) => Keys.get(s, netuid, uid) ?? "");
  const alphaStake = hotkeys.map((h) => (h ? hotkeyAlpha(s, h, netuid) : 0n));
  const taoStake = hotkeys.map((h) => (h && netuid !== 0 ? hotkeyAlpha(s, h, 0) : 0n));
  return {
    netuid,
    mecid,
    block: Number_.get(s),
    n,
    maxUids: MaxAllowedUids.get(s, netuid),
    registrationCost: Burn.get(s, netuid),
    hotkeys,
    coldkeys: hotkeys.map((h) => (h ? Owner.get(s, h) : null)),
    axons: hotkeys.map((h) => (h ? (Axons.get(s, netuid, h) ?? EMPTY_AXON) : EMPTY_AXON)),
    active: column(Active.get(s, netuid), n, false),
    validatorPermit: column(ValidatorPermit.get(s, netuid), n, false),
    lastUpdate: column(LastUpdate.get(s, index), n, 0),
    emission: column(Emission.get(s, netuid), n, 0n),
    dividends: column(Dividends.get(s, netuid), n, 0),
    incentives: column(Incentive.get(s, index), n, 0),
    consensus: column(Consensus.get(s, netuid), n, 0),
    validatorTrust: column(ValidatorTrust.get(s, netuid), n, 0),
    blockAtRegistration: uids.map((uid) => BlockAtRegistration.get(s, netuid, uid)),
    alphaStake,
    taoStake,
    totalStake: hotkeys.map((h) => (h ? stakeWeightI64F64(s, h, netuid) >> 64n : 0n)),
    rank: [],
    trust: [],
    pruningScore: [],
  };
}
