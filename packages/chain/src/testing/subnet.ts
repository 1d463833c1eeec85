/**
 * Test set-up for subnets until `register_network` (subnets.ts) exists: writes, directly on a state, the
 * storage a newly registered dynamic subnet has (chain.md §8.1 and the "new subnet" column of §11), so
 * that registration and weights tests can run against real transactions.
 *
 *   setupSubnetForTest(c.state, 1, { tempo: 100, burn: 1_000n });
 */
import type { AccountId } from "../crypto.js";
import type { State } from "../state/state.js";
import {
  ActivityCutoff,
  Burn,
  BurnHalfLife,
  BurnIncreaseMult,
  CommitRevealWeightsEnabled,
  ImmunityPeriod,
  IsNetworkMember,
  Keys,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxBurn,
  MinAllowedWeights,
  MinBurn,
  NetworkRegisteredAt,
  NetworkRegistrationAllowed,
  NetworksAdded,
  OwnedHotkeys,
  Owner,
  RevealPeriodEpochs,
  ServingRateLimit,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetEmissionEnabled,
  SubnetMechanism,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  Tempo,
  TotalNetworks,
  Uids,
  WeightsSetRateLimit,
  WeightsVersionKey,
  Yuma3On,
} from "../storage.js";
import { appendNeuron } from "../subtensor/neurons.js";

export interface TestSubnetOptions {
  /** Tempo (default 1 000, so that no epoch runs during a short test). */
  readonly tempo?: number;
  /** TAO reserve, rao (default 1 000 TAO). */
  readonly taoReserve?: bigint;
  /** Alpha reserve, rao (default 1 000 alpha: price 1). */
  readonly alphaReserve?: bigint;
  /** Current registration burn, rao (default 1 TAO, as a new subnet). */
  readonly burn?: bigint;
  readonly minBurn?: bigint;
  readonly maxBurn?: bigint;
  readonly burnHalfLife?: number;
  /** U64F64 raw bits. */
  readonly burnIncreaseMult?: bigint;
  readonly maxAllowedUids?: number;
  readonly maxAllowedValidators?: number;
  readonly immunityPeriod?: number;
  readonly minAllowedWeights?: number;
  readonly weightsSetRateLimit?: number;
  readonly weightsVersionKey?: bigint;
  readonly commitRevealEnabled?: boolean;
  readonly revealPeriodEpochs?: number;
  readonly servingRateLimit?: number;
  readonly registrationAllowed?: boolean;
  /** Block the subnet is registered at (default 0). */
  readonly registeredAt?: number;
  /** Subnet owner: the coldkey, and a hotkey registered as uid 0 (as register_network does). */
  readonly owner?: { readonly coldkey: AccountId; readonly hotkey: AccountId };
}

/** Writes a new dynamic subnet `netuid` on `state` (test helper; the real path is register_network). */
export function setupSubnetForTest(state: State, netuid: number, options: TestSubnetOptions = {}): void {
  const o = options;
  if (!NetworksAdded.get(state, netuid)) TotalNetworks.update(state, (n) => n + 1);
  NetworksAdded.set(state, netuid, true);
  SubnetMechanism.set(state, netuid, 1);
  NetworkRegisteredAt.set(state, netuid, o.registeredAt ?? 0);
  Tempo.set(state, netuid, o.tempo ?? 1_000);
  SubnetTAO.set(state, netuid, o.taoReserve ?? 1_000_000_000_000n);
  SubnetAlphaIn.set(state, netuid, o.alphaReserve ?? 1_000_000_000_000n);
  SubnetAlphaOut.set(state, netuid, 0n);
  // Not started (no start_call): no emission, so the coinbase leaves the pool alone.
  SubnetEmissionEnabled.set(state, netuid, false);
  NetworkRegistrationAllowed.set(state, netuid, o.registrationAllowed ?? true);
  Burn.set(state, netuid, o.burn ?? 1_000_000_000n);
  if (o.minBurn !== undefined) MinBurn.set(state, netuid, o.minBurn);
  if (o.maxBurn !== undefined) MaxBurn.set(state, netuid, o.maxBurn);
  BurnHalfLife.set(state, netuid, o.burnHalfLife ?? 360);
  if (o.burnIncreaseMult !== undefined) BurnIncreaseMult.set(state, netuid, o.burnIncreaseMult);
  MaxAllowedUids.set(state, netuid, o.maxAllowedUids ?? 256);
  MaxAllowedValidators.set(state, netuid, o.maxAllowedValidators ?? 64);
  ImmunityPeriod.set(state, netuid, o.immunityPeriod ?? 5_000);
  MinAllowedWeights.set(state, netuid, o.minAllowedWeights ?? 1);
  WeightsSetRateLimit.set(state, netuid, o.weightsSetRateLimit ?? 100);
  WeightsVersionKey.set(state, netuid, o.weightsVersionKey ?? 0n);
  CommitRevealWeightsEnabled.set(state, netuid, o.commitRevealEnabled ?? false);
  RevealPeriodEpochs.set(state, netuid, o.revealPeriodEpochs ?? 1);
  ServingRateLimit.set(state, netuid, o.servingRateLimit ?? 50);
  ActivityCutoff.set(state, netuid, 5_000);
  Yuma3On.set(state, netuid, true);
  if (o.owner) {
    const { coldkey, hotkey } = o.owner;
    SubnetOwner.set(state, netuid, coldkey);
    SubnetOwnerHotkey.set(state, netuid, hotkey);
    if (Owner.get(state, hotkey) === null) {
      Owner.set(state, hotkey, coldkey);
      OwnedHotkeys.update(state, coldkey, (list) => [...list, hotkey]);
    }
    if (Uids.get(state, netuid, hotkey) === null) appendNeuron(state, netuid, hotkey, o.registeredAt ?? 0);
  }
}

/** Test helper: the (netuid, uid) → hotkey map as a dense list. */
export function hotkeysOf(state: State, netuid: number): Array<AccountId | null> {
  const n = SubnetworkN.get(state, netuid);
  return Array.from({ length: n }, (_, uid) => Keys.get(state, netuid, uid));
}

/** Test helper: whether `hotkey` is registered on `netuid` (Uids, Keys and IsNetworkMember agree). */
export function isRegistered(state: State, netuid: number, hotkey: AccountId): boolean {
  const uid = Uids.get(state, netuid, hotkey);
  return (
    uid !== null && Keys.get(state, netuid, uid) === hotkey && IsNetworkMember.get(state, hotkey, netuid)
  );
}
