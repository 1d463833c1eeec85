/**
 * Test set-up for the coinbase, written directly on a state: the root network, dynamic subnets in the
 * state register_network + start_call leave them, neurons, stake and weights. TAO is conserved by these
 * helpers: TAO put into a pool either leaves a funded account or is minted (TotalIssuance grows with it),
 * so TotalIssuance = Σ free balances + Σ SubnetTAO keeps holding.
 */

import type { AccountId } from "../crypto.js";
import { ChainError } from "../errors.js";
import { devParams } from "../genesis.js";
import { createOrVerifyHotkey } from "../hotkeys.js";
import { freeBalance, withdraw } from "../pallets/balances.js";
import { buyAlpha } from "../pool.js";
import { increaseStake } from "../stake.js";
import type { State } from "../state/state.js";
import {
  Account,
  Active,
  BlockAtRegistration,
  CommitRevealWeightsEnabled,
  Consensus,
  Dividends,
  Emission,
  FirstEmissionBlockNumber,
  ImmunityPeriod,
  Incentive,
  IsNetworkMember,
  Keys,
  LastEpochBlock,
  LastUpdate,
  MaxAllowedValidators,
  MechanismCountCurrent,
  MinAllowedWeights,
  NetworkRegisteredAt,
  NetworksAdded,
  StakeWeight,
  SubnetAlphaIn,
  SubnetEmissionEnabled,
  SubnetMechanism,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  SubtokenEnabled,
  Tempo,
  TotalIssuance,
  TotalNetworks,
  TotalStake,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
  WeightsSetRateLimit,
  Yuma3On,
} from "../storage.js";
import type { BlockContext, ChainEvent, ChainParams, ChainSpec } from "../types.js";

/** A chain spec for unit tests (dev parameters unless overridden). */
export function testSpec(params: Partial<ChainParams> = {}): ChainSpec {
  return { name: "coinbase-test", genesisHash: "0x00", params: { ...devParams, ...params } };
}

/** A block context over `state` at block `number`; emitted events are pushed to `events`. */
export function blockContext(
  state: State,
  number: number,
  spec: ChainSpec = testSpec(),
  events: ChainEvent[] = [],
): BlockContext {
  return {
    state,
    spec,
    header: { number, parentHash: "0x00", author: "author", timestamp: number * 1000 },
    emit: (e) => events.push(e),
  };
}

/** Moves `amount` TAO out of `payer` (when given) or mints it, so that it can enter a pool. */
function sourceTao(
  s: State,
  spec: ChainSpec | undefined,
  payer: AccountId | undefined,
  amount: bigint,
): void {
  if (
    payer !== undefined &&
    spec !== undefined &&
    freeBalance(s, payer) >= amount + spec.params.existentialDeposit
  ) {
    withdraw(s, spec, payer, amount, "keepAlive");
  } else {
    TotalIssuance.update(s, (v) => v + amount);
  }
}

/** The root network (netuid 0), if absent: stable mechanism, tempo 100. */
export function ensureRootNetwork(s: State): void {
  if (NetworksAdded.get(s, 0)) return;
  NetworksAdded.set(s, 0, true);
  SubnetMechanism.set(s, 0, 0);
  Tempo.set(s, 0, 100);
  MaxAllowedValidators.set(s, 0, 64);
  TotalNetworks.update(s, (v) => v + 1);
}

export interface FixtureSubnet {
  readonly netuid: number;
  readonly ownerColdkey: AccountId;
  readonly ownerHotkey: AccountId;
  /** Block of registration (default 1). */
  readonly block?: number;
  readonly tempo?: number;
  /** Pool reserves (default 1 000 TAO and 1 000 alpha: price 1). */
  readonly tao?: bigint;
  readonly alpha?: bigint;
  /** Pays the pool TAO (else it is minted). */
  readonly payer?: AccountId;
  readonly spec?: ChainSpec;
  /** start_call done (default true): FirstEmissionBlockNumber = block + 1, SubtokenEnabled. */
  readonly started?: boolean;
  /** SubnetEmissionEnabled (default true: root enabled it). */
  readonly emissionEnabled?: boolean;
  readonly commitReveal?: boolean;
  readonly lastEpochBlock?: number;
  /** Register the owner hotkey as uid 0 (default true). */
  readonly ownerNeuron?: boolean;
}

/**
 * A dynamic subnet as register_network leaves it (init values of chain.md §11 "new subnet"), with the
 * owner hotkey as uid 0, and started unless `started: false`.
 */
export function addSubnet(s: State, o: FixtureSubnet): void {
  const block = o.block ?? 1;
  const tao = o.tao ?? 1_000_000_000_000n;
  const alpha = o.alpha ?? tao;
  ensureRootNetwork(s);
  NetworksAdded.set(s, o.netuid, true);
  TotalNetworks.update(s, (v) => v + 1);
  SubnetMechanism.set(s, o.netuid, 1);
  NetworkRegisteredAt.set(s, o.netuid, block);
  SubnetOwner.set(s, o.netuid, o.ownerColdkey);
  SubnetOwnerHotkey.set(s, o.netuid, o.ownerHotkey);
  Tempo.set(s, o.netuid, o.tempo ?? 360);
  LastEpochBlock.set(s, o.netuid, o.lastEpochBlock ?? block);
  MaxAllowedValidators.set(s, o.netuid, 64);
  MinAllowedWeights.set(s, o.netuid, 1);
  ImmunityPeriod.set(s, o.netuid, 5_000);
  Yuma3On.set(s, o.netuid, true);
  WeightsSetRateLimit.set(s, o.netuid, 0);
  CommitRevealWeightsEnabled.set(s, o.netuid, o.commitReveal ?? false);
  SubnetEmissionEnabled.set(s, o.netuid, o.emissionEnabled ?? true);
  sourceTao(s, o.spec, o.payer, tao);
  SubnetTAO.set(s, o.netuid, tao);
  SubnetAlphaIn.set(s, o.netuid, alpha);
  TotalStake.update(s, (v) => v + tao);
  if (o.ownerNeuron ?? true) registerNeuron(s, o.netuid, o.ownerHotkey, o.ownerColdkey, block);
  else createOrVerifyHotkey(s, o.ownerColdkey, o.ownerHotkey);
  if (o.started ?? true) {
    FirstEmissionBlockNumber.set(s, o.netuid, block + 1);
    SubtokenEnabled.set(s, o.netuid, true);
  }
}

const withAt = <T>(v: readonly T[], i: number, x: T, fill: T): T[] => {
  const out = v.slice();
  while (out.length <= i) out.push(fill);
  out[i] = x;
  return out;
};

/** Appends a neuron (uid = SubnetworkN) as registration does; returns its uid. */
export function registerNeuron(
  s: State,
  netuid: number,
  hotkey: AccountId,
  coldkey: AccountId,
  block: number,
): number {
  createOrVerifyHotkey(s, coldkey, hotkey);
  const uid = SubnetworkN.get(s, netuid);
  SubnetworkN.set(s, netuid, uid + 1);
  Keys.set(s, netuid, uid, hotkey);
  Uids.set(s, netuid, hotkey, uid);
  IsNetworkMember.set(s, hotkey, netuid, true);
  BlockAtRegistration.set(s, netuid, uid, block);
  for (let m = 0; m < Math.max(MechanismCountCurrent.get(s, netuid), 1); m++) {
    const index = netuid + m * 4096;
    LastUpdate.update(s, index, (v) => withAt(v, uid, block, 0));
    Incentive.update(s, index, (v) => withAt(v, uid, 0, 0));
  }
  Active.update(s, netuid, (v) => withAt(v, uid, true, false));
  Emission.update(s, netuid, (v) => withAt(v, uid, 0n, 0n));
  Consensus.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  Dividends.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  ValidatorTrust.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  ValidatorPermit.update(s, netuid, (v) => withAt(v, uid, false, false));
  StakeWeight.update(s, netuid, (v) => withAt(v, uid, 0, 0));
  return uid;
}

/**
 * Stakes `tao` to (hotkey, coldkey) on a subnet through the pool, fee-free (root: 1:1). The TAO leaves
 * `coldkey` when it can pay (keep-alive), else it is minted. Returns the alpha received.
 */
export function stakeTao(
  s: State,
  spec: ChainSpec | undefined,
  coldkey: AccountId,
  hotkey: AccountId,
  netuid: number,
  tao: bigint,
): bigint {
  try {
    return s.transaction(() => {
      sourceTao(s, spec, coldkey, tao);
      const { out } = buyAlpha(s, netuid, tao, true);
      TotalStake.update(s, (v) => v + tao);
      increaseStake(s, hotkey, coldkey, netuid, out);
      return out;
    });
  } catch (err) {
    // only the pool's refusals are expected here; anything else is a bug
    if (!(err instanceof ChainError)) throw err;
    // The pool refuses the buy (e.g. an amount too small to pay out anything): nothing is staked.
    return 0n;
  }
}

/** Credits alpha stake directly (no TAO moves), as the reference tests' increase_stake helper. */
export function creditAlpha(
  s: State,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
): void {
  increaseStake(s, hotkey, coldkey, netuid, alpha);
}

/** Stores a weights row for `uid` (values as stored: already max-upscaled u16) and its LastUpdate. */
export function setWeightsRow(
  s: State,
  netuid: number,
  uid: number,
  row: ReadonlyArray<readonly [number, number]>,
  block: number,
  mecid = 0,
): void {
  const index = netuid + mecid * 4096;
  Weights.set(s, index, uid, row);
  LastUpdate.update(s, index, (v) => withAt(v, uid, block, 0));
}

/** Σ free balances (all accounts) + Σ SubnetTAO (all subnets): must equal TotalIssuance. */
export function taoAccounted(s: State): bigint {
  let total = 0n;
  for (const who of Account.keys(s)) total += Account.get(s, who).free;
  for (const netuid of SubnetTAO.keys(s)) total += SubnetTAO.get(s, Number(netuid));
  return total;
}
