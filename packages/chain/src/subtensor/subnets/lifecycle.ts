/**
 * The subnet lifecycle (chain.md §8): the registration lock cost, network registration (pruning at the
 * subnet limit, netuid reuse, the new-subnet defaults of §11, pool seeding at the median price, the owner
 * as UID 0) and dissolution (pro-rata TAO payback of the pool to the subnet's stakers, then every
 * per-subnet storage item cleared).
 */
import type { AccountId } from "../../crypto.js";
import { ensure, fail } from "../../errors.js";
import { createOrVerifyHotkey } from "../../hotkeys.js";
import { deposit, freeBalance, withdraw } from "../../pallets/balances.js";
import { spotPrice } from "../../pool.js";
import { stakeOf } from "../../stake.js";
import type { State } from "../../state/state.js";
import * as st from "../../storage.js";
import type { ChainEvent, ChainParams, ChainSpec } from "../../types.js";
import { clearSubnetRelations, setRootValidatorsForSubnet } from "../children.js";
import { clearSubnetFlows } from "../coinbase/taoflow.js";
import { finalizeAllSubnetRootDividends } from "../root-claim-state.js";
import * as own from "./storage.js";
import { DEFAULT_SYMBOL, SYMBOLS, symbolForNetuid } from "./symbols.js";

/** What the lifecycle needs from a call or genesis context. */
export interface Env {
  readonly state: State;
  readonly spec: ChainSpec;
  emit(event: ChainEvent): void;
}

const ONE_TAO = 1_000_000_000n;
/** Maximum TAO supply in rao (21 M TAO). */
export const TOTAL_SUPPLY = 21_000_000n * ONE_TAO;
/** The initial neuron burn of a new subnet (DefaultNeuronBurnCost, 1 TAO). */
export const DEFAULT_NEURON_BURN = ONE_TAO;
/** Per-mechanism storage index: netuid + mecid × 4096. */
export const mechanismIndex = (netuid: number, mecid: number) => netuid + mecid * 4096;

/** Saturating subtraction, and the bigint minimum / maximum. */
const sub = (a: bigint, b: bigint) => (a > b ? a - b : 0n);
const minOf = (a: bigint, b: bigint) => (a < b ? a : b);
const maxOf = (a: bigint, b: bigint) => (a < b ? b : a);

const event = (name: string, data: Record<string, unknown>): ChainEvent => ({
  pallet: "SubtensorModule",
  name,
  data,
});

// ---------------------------------------------------------------------------------------------
// Reading helpers

/** The netuids of the non-root subnets, ascending. */
export function subnetNetuids(s: State): number[] {
  return st.NetworksAdded.keys(s)
    .map(Number)
    .filter((n) => n !== 0 && st.NetworksAdded.get(s, n))
    .sort((a, b) => a - b);
}

export function subnetExists(s: State, netuid: number): boolean {
  return st.NetworksAdded.get(s, netuid);
}

/**
 * The TAO block emission for an issuance (chain.md §4.1): 1 TAO / 2^k with k = floor(log2(S / (S − I))),
 * as the reference's I96F32 arithmetic gives it (1 / 2^k has 32 fractional bits, so k > 32 gives 0).
 */
export function blockEmissionForIssuance(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY) return 0n;
  const rest = TOTAL_SUPPLY - issuance;
  let k = 0n;
  while (rest << (k + 1n) <= TOTAL_SUPPLY) k++;
  if (k > 32n) return 0n;
  return (ONE_TAO * ((1n << 32n) >> k)) >> 32n;
}

/**
 * The effective lock reduction interval: NetworkLockReductionInterval × (block emission / 1 TAO), in
 * I64F64 as the reference computes it (the interval halves with every emission halving).
 */
export function lockReductionInterval(s: State): bigint {
  const emission = blockEmissionForIssuance(st.TotalIssuance.get(s));
  const halving = (emission << 64n) / ONE_TAO; // I64F64 raw bits of emission / 1 TAO
  return (BigInt(st.NetworkLockReductionInterval.get(s)) * halving) >> 64n;
}

/**
 * The TAO a new subnet must lock at block `now` (chain.md §8.1):
 * L = max(L_min, m·L_last − (L_last / R) · (now − b_last)), m = 2, or 1 if no network was ever registered
 * (b_last = 0); integer division, saturating subtraction, L_last / 0 = 0.
 */
export function getNetworkLockCost(s: State, now: number): bigint {
  const last = st.NetworkLastLockCost.get(s);
  const min = st.NetworkMinLockCost.get(s);
  const lastBlock = st.NetworkLastRegistered.get(s);
  const interval = lockReductionInterval(s);
  const mult = lastBlock === 0 ? 1n : 2n;
  const perBlock = interval === 0n ? 0n : last / interval;
  const cost = sub(last * mult, perBlock * BigInt(Math.max(0, now - lastBlock)));
  return maxOf(cost, min);
}

/**
 * The median spot price of the existing subnets as U64F64 raw bits (1.0 = 2^64), 1.0 if there are none;
 * an even count averages the two middle prices. Prices come from pool.ts (I96F32, converted exactly).
 */
export function medianSubnetAlphaPrice(s: State): bigint {
  const one = 1n << 64n;
  const prices = subnetNetuids(s)
    .map((n) => spotPrice(s, n) << 32n)
    .filter((p) => p > 0n)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (prices.length === 0) return one;
  const lower = prices[Math.floor((prices.length - 1) / 2)];
  const upper = prices[Math.floor(prices.length / 2)];
  if (lower === undefined || upper === undefined) return one;
  return (lower + upper) / 2n;
}

/** The symbol of the netuid if free, else the first free built-in symbol, else the default "Τ". */
export function nextAvailableSymbol(s: State, netuid: number): string {
  const used = new Set(st.TokenSymbol.keys(s).map((k) => st.TokenSymbol.get(s, Number(k))));
  const preferred = symbolForNetuid(netuid);
  if (!used.has(preferred)) return preferred;
  return SYMBOLS.slice(1).find((sym) => !used.has(sym)) ?? DEFAULT_SYMBOL;
}

/**
 * The subnet to dissolve when the subnet limit is reached: among those out of NetworkImmunityPeriod, the
 * lowest moving (EMA) price; ties go to the earliest registration, then the lowest netuid.
 */
export function getNetworkToPrune(s: State, now: number): number | null {
  const immunity = st.NetworkImmunityPeriod.get(s);
  let best: { netuid: number; price: bigint; registeredAt: number } | null = null;
  for (const netuid of subnetNetuids(s)) {
    const registeredAt = st.NetworkRegisteredAt.get(s, netuid);
    if (now < registeredAt + immunity) continue;
    const price = st.SubnetMovingPrice.get(s, netuid);
    if (best === null || price < best.price || (price === best.price && registeredAt < best.registeredAt)) {
      best = { netuid, price, registeredAt };
    }
  }
  return best?.netuid ?? null;
}

/** The lowest netuid ≥ 1 not in use. */
export function nextFreeNetuid(s: State): number {
  let n = 1;
  while (st.NetworksAdded.get(s, n)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Identity

const IDENTITY_LIMITS: ReadonlyArray<readonly [keyof st.SubnetIdentity, number]> = [
  ["subnetName", 256],
  ["githubRepo", 1024],
  ["subnetContact", 1024],
  ["subnetUrl", 1024],
  ["discord", 256],
  ["description", 1024],
  ["logoUrl", 1024],
  ["additional", 1024],
];

/** Byte-length limits of a subnet identity (UTF-8): name and discord ≤ 256 B, the other fields ≤ 1 024 B. */
export function isValidSubnetIdentity(identity: st.SubnetIdentity): boolean {
  const bytes = (v: string) => Buffer.byteLength(v, "utf8");
  const total = bytes(identity.subnetName) + bytes(identity.githubRepo) + bytes(identity.subnetContact);
  return total <= 5_632 && IDENTITY_LIMITS.every(([field, max]) => bytes(identity[field]) <= max);
}

// ---------------------------------------------------------------------------------------------
// Creation

/** Whether new subnets get TAO-side emission at once (dev) or wait for root (the reference). */
function subnetEmissionEnabledByDefault(params: ChainParams): boolean {
  return params.subnetEmissionEnabledByDefault;
}

/**
 * The values written for every newly registered subnet (the "new subnet" column of chain.md §11):
 * network marked added with no neurons, tempo with a per-netuid stagger of the epoch schedule
 * (LastEpochBlock = now − netuid mod tempo), TotalNetworks + 1, and the registration defaults.
 */
export function initNewNetwork(s: State, spec: ChainSpec, netuid: number, tempo: number, now: number): void {
  st.SubnetworkN.set(s, netuid, 0);
  st.NetworksAdded.set(s, netuid, true);
  st.Tempo.set(s, netuid, tempo);
  const stagger = netuid % Math.max(tempo, 1);
  st.LastEpochBlock.set(s, netuid, Math.max(0, now - stagger));
  st.TotalNetworks.update(s, (n) => n + 1);

  st.NetworkRegistrationAllowed.set(s, netuid, true);
  st.MaxAllowedUids.set(s, netuid, 256);
  st.MaxAllowedValidators.set(s, netuid, 64);
  st.MinAllowedWeights.set(s, netuid, 1);
  st.ImmunityPeriod.set(s, netuid, spec.params.immunityPeriod);
  st.Yuma3On.set(s, netuid, true);
  st.Burn.set(s, netuid, DEFAULT_NEURON_BURN);
  st.WeightsSetRateLimit.set(s, netuid, spec.params.weightsSetRateLimit);
  st.CommitRevealWeightsEnabled.set(s, netuid, spec.params.commitRevealEnabled);
  // A reused netuid never inherits a previous owner's disabled emission.
  st.SubnetEmissionEnabled.set(s, netuid, true);
}

/**
 * Appends a neuron for a subnet owner's hotkey (the reference's `append_neuron`, written here so the
 * subnet lifecycle does not depend on the neurons area): uid = SubnetworkN, every per-uid vector extended
 * (Active true, the others zero/false, LastUpdate = now on every mechanism), the key maps filled.
 */
export function appendNeuronForOwner(s: State, netuid: number, hotkey: AccountId, now: number): number {
  const uid = st.SubnetworkN.get(s, netuid);
  st.SubnetworkN.set(s, netuid, uid + 1);
  st.Active.update(s, netuid, (v) => [...v, true]);
  st.Emission.update(s, netuid, (v) => [...v, 0n]);
  st.Consensus.update(s, netuid, (v) => [...v, 0]);
  for (let mecid = 0; mecid < st.MechanismCountCurrent.get(s, netuid); mecid++) {
    const index = mechanismIndex(netuid, mecid);
    st.Incentive.update(s, index, (v) => [...v, 0]);
    st.LastUpdate.update(s, index, (v) => {
      const next = [...v];
      while (next.length <= uid) next.push(0);
      next[uid] = now;
      return next;
    });
  }
  st.Dividends.update(s, netuid, (v) => [...v, 0]);
  st.ValidatorTrust.update(s, netuid, (v) => [...v, 0]);
  st.ValidatorPermit.update(s, netuid, (v) => [...v, false]);
  st.Keys.set(s, netuid, uid, hotkey);
  st.Uids.set(s, netuid, hotkey, uid);
  st.BlockAtRegistration.set(s, netuid, uid, now);
  st.IsNetworkMember.set(s, hotkey, netuid, true);
  return uid;
}

export interface NewSubnet {
  readonly netuid: number;
  readonly coldkey: AccountId;
  readonly hotkey: AccountId;
  readonly identity: st.SubnetIdentity | null;
  /** Median subnet price (U64F64 raw bits) that sizes the alpha reserve. */
  readonly medianPrice: bigint;
  /** The lock: withdrawn from the coldkey (registration) or minted (genesis). */
  readonly lock: { readonly kind: "withdraw" | "mint"; readonly amount: bigint };
  readonly now: number;
}

/** Writes a new subnet (chain.md §8.1 effects 2-7) and returns its netuid. */
export function createSubnet(env: Env, n: NewSubnet): number {
  const { state: s, spec } = env;
  const { netuid, coldkey, hotkey, now } = n;
  initNewNetwork(s, spec, netuid, spec.params.initialTempo, now);

  // The lock moves to the subnet, keeping the coldkey alive (less is taken rather than reaping it).
  let locked = n.lock.amount;
  if (n.lock.kind === "withdraw") {
    const spendable = sub(freeBalance(s, coldkey), spec.params.existentialDeposit);
    locked = minOf(locked, spendable);
    ensure(locked > 0n, "InsufficientBalance", `${coldkey} cannot lock any TAO and stay alive`);
    withdraw(s, spec, coldkey, locked, "keepAlive");
    st.NetworkLastLockCost.set(s, locked);
    st.NetworkLastRegistered.set(s, now);
  }

  createOrVerifyHotkey(s, coldkey, hotkey);
  appendNeuronForOwner(s, netuid, hotkey, now);
  st.SubnetMechanism.set(s, netuid, 1);
  st.NetworkRegisteredAt.set(s, netuid, now);
  st.RegisteredSubnetCounter.update(s, (c) => c + 1);
  st.TokenSymbol.set(s, netuid, nextAvailableSymbol(s, netuid));

  // Pool seeding: the whole lock stays in the pool (at least NetworkMinLockCost), alpha at the median price.
  const minLock = st.NetworkMinLockCost.get(s);
  const poolTao = maxOf(locked, minLock);
  const topUp = poolTao - locked;
  if (n.lock.kind === "mint" || topUp > 0n) {
    st.TotalIssuance.update(s, (v) => v + (n.lock.kind === "mint" ? poolTao : topUp));
  }
  const poolAlpha = n.medianPrice === 0n ? 0n : (poolTao << 64n) / n.medianPrice;
  st.SubnetTAO.set(s, netuid, poolTao);
  st.SubnetAlphaIn.set(s, netuid, poolAlpha);
  st.SubnetAlphaOut.set(s, netuid, 0n);
  st.SubnetVolume.set(s, netuid, 0n);
  st.SubnetOwner.set(s, netuid, coldkey);
  st.SubnetOwnerHotkey.set(s, netuid, hotkey);
  st.SubnetLocked.set(s, netuid, locked);
  st.RAORecycledForRegistration.set(s, netuid, 0n);
  st.TotalStake.update(s, (v) => v + poolTao);

  if (n.identity) {
    st.SubnetIdentitiesV3.set(s, netuid, n.identity);
    env.emit(event("SubnetIdentitySet", { netuid }));
  }
  // Root validators become 100 % parents of the owner hotkey (chain.md §6.4).
  setRootValidatorsForSubnet(env, netuid, now);
  st.SubnetEmissionEnabled.set(s, netuid, subnetEmissionEnabledByDefault(spec.params));
  env.emit(event("NetworkAdded", { netuid, mechanism: 1 }));
  return netuid;
}

/**
 * register_network(_with_identity) (chain.md §8.1), checks in the reference's order: hotkey ownership
 * (NonAssociatedColdKey), registration start block (SubNetRegistrationDisabled), the global rate limit
 * (NetworkTxRateLimitExceeded), the subnet limit with a prunable subnet (SubnetLimitReached), the lock cost
 * (CannotAffordLockCost), the identity (InvalidIdentity). At the limit the prune target is dissolved and
 * its netuid reused; otherwise the lowest free netuid is taken.
 */
export function registerNetwork(
  env: Env,
  now: number,
  coldkey: AccountId,
  hotkey: AccountId,
  identity: st.SubnetIdentity | null,
): number {
  const s = env.state;
  createOrVerifyHotkey(s, coldkey, hotkey);
  ensure(
    now >= own.NetworkRegistrationStartBlock.get(s),
    "SubNetRegistrationDisabled",
    `network registration opens at block ${own.NetworkRegistrationStartBlock.get(s)}`,
  );
  const limit = st.NetworkRateLimit.get(s);
  const last = st.NetworkLastRegistered.get(s);
  ensure(
    last === 0 || now - last >= limit,
    "NetworkTxRateLimitExceeded",
    `one network registration per ${limit} blocks chain-wide; the next is possible at block ${last + limit}`,
  );
  let prune: number | null = null;
  if (subnetNetuids(s).length >= st.SubnetLimit.get(s)) {
    prune = getNetworkToPrune(s, now);
    if (prune === null)
      fail(
        "SubnetLimitReached",
        `the subnet limit of ${st.SubnetLimit.get(s)} is reached and every subnet is still immune; retry later`,
      );
  }
  const lock = getNetworkLockCost(s, now);
  ensure(
    freeBalance(s, coldkey) >= lock,
    "CannotAffordLockCost",
    `registering a subnet locks ${lock} rao; ${coldkey} has ${freeBalance(s, coldkey)} rao free`,
  );
  if (identity !== null)
    ensure(
      isValidSubnetIdentity(identity),
      "InvalidIdentity",
      "identity too long: name and discord at most 256 bytes, other fields at most 1024 bytes",
    );
  if (prune !== null) dissolveNetwork(env, prune);
  const netuid = prune ?? nextFreeNetuid(s);
  return createSubnet(env, {
    netuid,
    coldkey,
    hotkey,
    identity,
    medianPrice: medianSubnetAlphaPrice(s),
    lock: { kind: "withdraw", amount: lock },
    now,
  });
}

// ---------------------------------------------------------------------------------------------
// Dissolution

interface Position {
  readonly hotkey: AccountId;
  readonly coldkey: AccountId;
  readonly value: bigint;
}

/** The stake positions on a subnet, valued through their share pools, in (hotkey, coldkey) order. */
export function subnetPositions(s: State, netuid: number): Position[] {
  const out: Position[] = [];
  for (const key of st.AlphaV2.firstKeys(s)) {
    if (!st.AlphaV2.has(s, key, netuid)) continue;
    const slash = key.indexOf("/");
    const hotkey = key.slice(0, slash);
    const coldkey = key.slice(slash + 1);
    // A pool that cannot value its shares falls back to the raw share count, as the reference does.
    const value = stakeOf(s, hotkey, coldkey, netuid) || st.AlphaV2.get(s, key, netuid);
    if (value > 0n) out.push({ hotkey, coldkey, value });
  }
  return out.sort((a, b) =>
    a.hotkey === b.hotkey ? (a.coldkey < b.coldkey ? -1 : 1) : a.hotkey < b.hotkey ? -1 : 1,
  );
}

/**
 * Shares of `pot` among the positions pro rata to their value over `total` (positions plus protocol
 * alpha), floored; the units lost to flooring go one each to the largest remainders (ties: position
 * order). The protocol's share is not paid out.
 */
export function proRataShares(pot: bigint, positions: readonly Position[], total: bigint): bigint[] {
  if (pot === 0n || total === 0n || positions.length === 0) return positions.map(() => 0n);
  const shares = positions.map((p) => (pot * p.value) / total);
  const rems = positions.map((p) => (pot * p.value) % total);
  const leftover = rems.reduce((a, r) => a + r, 0n) / total;
  const order = rems.map((r, i) => [r, i] as const).sort((a, b) => (a[0] > b[0] ? -1 : a[0] < b[0] ? 1 : 0));
  for (let k = 0; k < Math.min(Number(leftover), order.length); k++) {
    const i = order[k]?.[1];
    if (i !== undefined) shares[i] = (shares[i] ?? 0n) + 1n;
  }
  return shares;
}

/** Every per-subnet item written by any area (keep in sync when an area adds per-subnet storage). */
const PER_SUBNET: ReadonlyArray<{ remove(s: State, netuid: number): void }> = [
  st.SubnetOwner,
  st.SubnetOwnerHotkey,
  st.NetworkRegisteredAt,
  st.SubnetMechanism,
  st.TokenSymbol,
  st.SubnetIdentitiesV3,
  st.FirstEmissionBlockNumber,
  st.SubtokenEnabled,
  st.SubnetEmissionEnabled,
  st.NetworkRegistrationAllowed,
  st.SubnetLocked,
  st.SubnetTAO,
  st.SubnetAlphaIn,
  st.SubnetAlphaOut,
  st.SubnetProtocolAlpha,
  st.SubnetVolume,
  st.SubnetMovingPrice,
  st.RootProp,
  st.SubnetTaoInEmission,
  st.SubnetAlphaInEmission,
  st.SubnetAlphaOutEmission,
  st.SubnetExcessTao,
  st.MinerBurned,
  st.RAORecycledForRegistration,
  st.SwapBalancer,
  st.FeeRate,
  st.PendingServerEmission,
  st.PendingValidatorEmission,
  st.PendingRootAlphaDivs,
  st.PendingOwnerCut,
  st.Tempo,
  st.LastEpochBlock,
  st.PendingEpochAt,
  st.SubnetEpochIndex,
  st.BlocksSinceLastStep,
  st.LastMechansimStepBlock,
  st.SubnetworkN,
  st.Active,
  st.Emission,
  st.Consensus,
  st.Dividends,
  st.ValidatorTrust,
  st.ValidatorPermit,
  st.StakeWeight,
  st.Rho,
  st.Kappa,
  st.ImmunityPeriod,
  st.MinAllowedWeights,
  st.WeightsVersionKey,
  st.WeightsSetRateLimit,
  st.ActivityCutoffFactorMilli,
  st.ActivityCutoff,
  st.TargetRegistrationsPerInterval,
  st.MinBurn,
  st.MaxBurn,
  st.Burn,
  st.BurnHalfLife,
  st.BurnIncreaseMult,
  st.MaxRegistrationsPerBlock,
  st.RegistrationsThisBlock,
  st.RegistrationsThisInterval,
  st.ServingRateLimit,
  st.MaxAllowedValidators,
  st.MaxAllowedUids,
  st.MinAllowedUids,
  st.BondsMovingAverage,
  st.BondsPenalty,
  st.BondsResetOn,
  st.CommitRevealWeightsEnabled,
  st.RevealPeriodEpochs,
  st.LiquidAlphaOn,
  st.AlphaValues,
  st.AlphaSigmoidSteepness,
  st.Yuma3On,
  st.TransferToggle,
  st.OwnerCutEnabled,
  st.ImmuneOwnerUidsLimit,
  st.MinNonImmuneUids,
  st.RecycleOrBurn,
  st.MechanismEmissionSplit,
  own.AdjustmentInterval,
  own.AdjustmentAlpha,
  own.Difficulty,
  own.MinDifficulty,
  own.MaxDifficulty,
  own.MinChildkeyTakePerSubnet,
  own.OwnerCutAutoLockEnabled,
];

/** Removes every trace of a subnet: neurons, per-mechanism data, stake positions, parameters. */
export function clearSubnetStorage(s: State, netuid: number): void {
  for (const hotkey of st.Keys.prefix(s, netuid).values()) {
    if (hotkey !== null) st.IsNetworkMember.remove(s, hotkey, netuid);
  }
  st.Keys.clearPrefix(s, netuid);
  st.Uids.clearPrefix(s, netuid);
  st.BlockAtRegistration.clearPrefix(s, netuid);
  st.Axons.clearPrefix(s, netuid);
  st.Prometheus.clearPrefix(s, netuid);
  const mechanisms = Math.max(1, st.MechanismCountCurrent.get(s, netuid));
  for (let mecid = 0; mecid < mechanisms; mecid++) {
    const index = mechanismIndex(netuid, mecid);
    st.Incentive.remove(s, index);
    st.LastUpdate.remove(s, index);
    st.Weights.clearPrefix(s, index);
    st.Bonds.clearPrefix(s, index);
    st.WeightCommits.clearPrefix(s, index);
  }
  st.MechanismCountCurrent.remove(s, netuid);
  clearSubnetRelations(s, netuid);
  clearSubnetFlows(s, netuid);
  // Stake positions and hotkey pools on this subnet.
  for (const key of st.AlphaV2.firstKeys(s)) {
    if (st.AlphaV2.has(s, key, netuid)) st.AlphaV2.remove(s, key, netuid);
  }
  for (const hotkey of st.TotalHotkeyAlpha.firstKeys(s)) {
    if (st.TotalHotkeyAlpha.has(s, hotkey, netuid)) st.TotalHotkeyAlpha.remove(s, hotkey, netuid);
  }
  for (const hotkey of st.TotalHotkeySharesV2.firstKeys(s)) {
    if (st.TotalHotkeySharesV2.has(s, hotkey, netuid)) st.TotalHotkeySharesV2.remove(s, hotkey, netuid);
  }
  for (const item of PER_SUBNET) item.remove(s, netuid);
  // Owner rate-limit slots, so a reused netuid starts fresh.
  for (const key of own.LastRateLimitedBlock.keys(s)) {
    if (key.startsWith(`OwnerHyperparamUpdate/${netuid}/`) || key === `SetSNOwnerHotkey/${netuid}`)
      own.LastRateLimitedBlock.remove(s, key);
  }
  for (const key of own.TransactionKeyLastBlock.keys(s)) {
    if (key.split("/")[1] === String(netuid)) own.TransactionKeyLastBlock.remove(s, key);
  }
  st.NetworksAdded.remove(s, netuid);
}

/**
 * Dissolves a subnet (chain.md §8.3): its TAO pool is paid back pro rata to the value of every stake
 * position (largest-remainder rounding) as free balance of the coldkeys; the protocol's share (pool alpha
 * and protocol-owned alpha) is recycled (TotalIssuance decreases). Then all subnet storage is cleared.
 */
export function dissolveNetwork(env: Env, netuid: number): void {
  const { state: s, spec } = env;
  ensure(netuid !== 0 && subnetExists(s, netuid), "SubnetNotExists", `subnet ${netuid} does not exist`);
  finalizeAllSubnetRootDividends(s, netuid); // root claim books of the subnet (chain.md §8.3 step 1)
  const pot = st.SubnetTAO.get(s, netuid);
  const positions = subnetPositions(s, netuid);
  const protocolAlpha =
    st.NetworkRegisteredAt.get(s, netuid) > own.TaoInRefundDeploymentBlock.get(s)
      ? st.SubnetAlphaIn.get(s, netuid) + st.SubnetProtocolAlpha.get(s, netuid)
      : st.SubnetProtocolAlpha.get(s, netuid);
  const total = positions.reduce((a, p) => a + p.value, protocolAlpha);
  const shares = proRataShares(pot, positions, total);

  const perColdkey = new Map<AccountId, bigint>();
  positions.forEach((p, i) => {
    const share = shares[i] ?? 0n;
    if (share > 0n) perColdkey.set(p.coldkey, (perColdkey.get(p.coldkey) ?? 0n) + share);
  });
  let paid = 0n;
  for (const [coldkey, amount] of [...perColdkey].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    deposit(s, spec, coldkey, amount); // a payment below the ED to a new account is recycled
    paid += amount;
  }
  // What is not paid out (the protocol share and rounding) is recycled.
  st.TotalIssuance.update(s, (v) => v - (pot - paid));
  st.TotalStake.update(s, (v) => sub(v, pot));

  const hadIdentity = st.SubnetIdentitiesV3.get(s, netuid) !== null;
  clearSubnetStorage(s, netuid);
  st.TotalNetworks.update(s, (n) => Math.max(0, n - 1));
  if (hadIdentity) env.emit(event("SubnetIdentityRemoved", { netuid }));
  env.emit(event("NetworkRemoved", { netuid, paidOut: paid, recycled: pot - paid }));
}
