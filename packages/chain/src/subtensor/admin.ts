/**
 * AdminUtils (module "adminUtils", chain.md §11): the hyperparameter setters and root knobs, named as the
 * reference's admin-utils calls (`sudo_set_kappa`, `sudo_set_tempo`, …).
 *
 * Owner-or-root setters: the caller is the subnet owner coldkey or root (else BadOrigin); the owner is
 * rate-limited per parameter to once per OwnerHyperparamRateLimit tempos (TxRateLimitExceeded; root is
 * not); nobody may change them in the admin freeze window, the last AdminFreezeWindow blocks before the
 * subnet's epoch (AdminActionProhibitedDuringWeightsWindow); then the subnet must exist
 * (SubnetDoesNotExist) and the value be in bounds. Root-only setters go through sudo (BadOrigin otherwise).
 * Every setter emits a "…Set" event `{ netuid, value }` (global knobs: `{ value }`).
 */
import { z } from "zod";
import { address, netuid } from "../args.js";
import type { AccountId } from "../crypto.js";
import { ensure, fail } from "../errors.js";
import type { State } from "../state/state.js";
import * as st from "../storage.js";
import type { CallContext, CallDef, Pallet } from "../types.js";
import { taoFlowAdminCalls } from "./coinbase/taoflow-admin.js";
import { clearSmallNominations } from "./staking.js";
import {
  ensureAdminWindowOpen,
  ensureOwnerOrRootWithLimits,
  type Hyperparameter,
  hyperparameter,
  type OwnerAction,
  recordOwnerActions,
} from "./subnets/guards.js";
import { mechanismIndex, subnetExists } from "./subnets/lifecycle.js";
import { doSetActivityCutoffFactor, doSetSnOwnerHotkey, doSetTempo } from "./subnets/owner.js";
import * as own from "./subnets/storage.js";

const ONE_TAO = 1_000_000_000n;
/** Owners may not set a min burn at or above this (MinBurnUpperBound). */
export const MIN_BURN_UPPER_BOUND = ONE_TAO;
/** Owners may not set a max burn at or below this (MaxBurnLowerBound). */
export const MAX_BURN_LOWER_BOUND = 100_000_000n;
/** Owner ceiling of BondsMovingAverage (MAX_BONDS_MOVING_AVERAGE). */
export const MAX_BONDS_MOVING_AVERAGE = 975_000;
export const MAX_BURN_HALF_LIFE = 36_100;
/** Hard ceiling of UIDs per subnet (DefaultMaxAllowedUids), across all mechanisms. */
export const MAX_UIDS = 256;
export const MIN_IMMUNE_OWNER_UIDS = 1;
export const MAX_IMMUNE_OWNER_UIDS = 10;
export const MIN_REVEAL_PERIOD = 1;
export const MAX_REVEAL_PERIOD = 100;
/** Liquid-alpha bounds may not go below 65535 / 40. */
export const MIN_ALPHA_VALUE = 1_638;

const U64F64_ONE = 1n << 64n;

const u8 = z.number().int().min(0).max(255);
const u16 = z.number().int().min(0).max(65_535);
const i16 = z.number().int().min(-32_768).max(32_767);
const blocks = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const u64 = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v < 1n << 64n, "expected a u64");
/** A U64F64 fixed-point value as its raw bits (value · 2^64), decimal. */
const u64f64 = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v))
  .refine((v) => v < 1n << 128n, "expected U64F64 raw bits (< 2^128)");

const adminError = (code: string, message: string) => fail(code, message, "AdminUtils");

function ensureExists(ctx: CallContext, n: number): void {
  if (!subnetExists(ctx.state, n)) adminError("SubnetDoesNotExist", `subnet ${n} does not exist`);
}

function ensureNotRoot(n: number): void {
  if (n === 0) adminError("NotPermittedOnRootSubnet", "this parameter cannot be set on the root network");
}

function ensureRoot(ctx: CallContext): void {
  if (ctx.origin.kind !== "root") fail("BadOrigin", "this call is root-only: send it through sudo", "System");
}

function emit(ctx: CallContext, name: string, data: Record<string, unknown>, pallet = "SubtensorModule") {
  ctx.emit({ pallet, name, data });
}

// ---------------------------------------------------------------------------------------------
// Per-subnet setters

interface SubnetSetter<V> {
  /** The value's argument name (the reference's parameter name). */
  readonly arg: string;
  readonly value: z.ZodType<V>;
  /** "root": sudo only. "owner": owner or root, the owner rate-limited by `limit` (if any). */
  readonly who: "root" | "owner";
  readonly limit?: Hyperparameter | OwnerAction;
  /** Blocked in the admin freeze window (default true). */
  readonly freeze?: boolean;
  /** Requires the subnet to exist: SubnetDoesNotExist (default true). */
  readonly exists?: boolean;
  /** Refused on netuid 0 (NotPermittedOnRootSubnet). */
  readonly notRoot?: boolean;
  /** On netuid 0 only the root origin is checked (no freeze window, no existence check). */
  readonly rootNetworkBypass?: boolean;
  /** Checks before the existence check (owner-only bounds). */
  readonly precheck?: (ctx: CallContext, netuid: number, value: V, owner: AccountId | null) => void;
  /** Bounds, after the existence check. */
  readonly check?: (ctx: CallContext, netuid: number, value: V, owner: AccountId | null) => void;
  readonly write: (s: State, netuid: number, value: V) => void;
  readonly event: string;
  readonly eventPallet?: string;
}

function subnetSetter<V>(spec: SubnetSetter<V>): CallDef<Record<string, unknown>> {
  const actions: OwnerAction[] =
    spec.limit === undefined
      ? []
      : [typeof spec.limit === "string" ? hyperparameter(spec.limit) : spec.limit];
  return {
    args: z.object({ netuid, [spec.arg]: spec.value }) as unknown as z.ZodType<Record<string, unknown>>,
    origin: spec.who === "root" ? "root" : "either",
    pays: true,
    weight: 30_000_000n,
    apply: (ctx, a) => {
      const n = a.netuid as number;
      const value = a[spec.arg] as V;
      let owner: AccountId | null = null;
      if (spec.who === "root") ensureRoot(ctx);
      else owner = ensureOwnerOrRootWithLimits(ctx, n, actions);
      const bypass = spec.rootNetworkBypass === true && n === 0;
      if (spec.freeze !== false && !bypass) ensureAdminWindowOpen(ctx, n);
      spec.precheck?.(ctx, n, value, owner);
      if (spec.exists !== false && !bypass) ensureExists(ctx, n);
      if (spec.notRoot) ensureNotRoot(n);
      spec.check?.(ctx, n, value, owner);
      spec.write(ctx.state, n, value);
      recordOwnerActions(ctx, owner, n, actions);
      emit(ctx, spec.event, { netuid: n, value }, spec.eventPallet);
    },
  };
}

function globalSetter<V>(
  arg: string,
  value: z.ZodType<V>,
  write: (s: State, v: V) => void,
  event: string,
  check?: (v: V) => void,
): CallDef<Record<string, unknown>> {
  return {
    args: z.object({ [arg]: value }) as unknown as z.ZodType<Record<string, unknown>>,
    origin: "root",
    pays: false,
    weight: 10_000_000n,
    apply: (ctx, a) => {
      const v = a[arg] as V;
      check?.(v);
      write(ctx.state, v);
      emit(ctx, event, { value: v });
    },
  };
}

/** Raising the nominator minimum unstakes the nominations that fall below it (`clear_small_nominations`). */
function raisingClears(setter: CallDef<Record<string, unknown>>): CallDef<Record<string, unknown>> {
  return {
    ...setter,
    apply: (ctx, a) => {
      const before = own.NominatorMinRequiredStake.get(ctx.state);
      setter.apply(ctx, a);
      if (own.NominatorMinRequiredStake.get(ctx.state) > before) clearSmallNominations(ctx);
    },
  };
}

const bounded = (cond: boolean, message: string) => {
  if (!cond) adminError("ValueNotInBounds", message);
};

// ---------------------------------------------------------------------------------------------
// Calls with their own rules

const tempoArgs = z.object({ netuid, tempo: u16 });
const factorArgs = z.object({ netuid, factor_milli: z.number().int().min(0).max(4_294_967_295) });
const ownerHotkeyArgs = z.object({ netuid, hotkey: address });
const alphaValuesArgs = z.object({ netuid, alpha_low: u16, alpha_high: u16 });
const mechanismCountArgs = z.object({ netuid, mechanism_count: u8 });
const splitArgs = z.object({ netuid, maybe_split: z.array(u16).nullable() });
const powArgs = z.object({ netuid, registration_allowed: z.boolean() });

// biome-ignore lint/suspicious/noExplicitAny: each call has its own argument type
const special: Record<string, CallDef<any>> = {
  sudo_set_tempo: {
    args: tempoArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: z.output<typeof tempoArgs>) => doSetTempo(ctx, a.netuid, a.tempo),
  },
  sudo_set_activity_cutoff_factor: {
    args: factorArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: z.output<typeof factorArgs>) => doSetActivityCutoffFactor(ctx, a.netuid, a.factor_milli),
  },
  sudo_set_sn_owner_hotkey: {
    args: ownerHotkeyArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: z.output<typeof ownerHotkeyArgs>) => doSetSnOwnerHotkey(ctx, a.netuid, a.hotkey),
  },
  sudo_set_alpha_values: {
    args: alphaValuesArgs,
    origin: "either",
    pays: true,
    weight: 30_000_000n,
    apply: (ctx, a: z.output<typeof alphaValuesArgs>) => {
      const actions = [hyperparameter("AlphaValues")];
      const owner = ensureOwnerOrRootWithLimits(ctx, a.netuid, actions);
      ensureAdminWindowOpen(ctx, a.netuid);
      ensure(
        st.LiquidAlphaOn.get(ctx.state, a.netuid),
        "LiquidAlphaDisabled",
        `enable liquid alpha on subnet ${a.netuid} before setting its alpha values`,
      );
      ensure(a.alpha_high >= MIN_ALPHA_VALUE, "AlphaHighTooLow", `alpha_high must be ≥ ${MIN_ALPHA_VALUE}`);
      ensure(
        a.alpha_low >= MIN_ALPHA_VALUE && a.alpha_low <= a.alpha_high,
        "AlphaLowOutOfRange",
        `alpha_low must be ≥ ${MIN_ALPHA_VALUE} and ≤ alpha_high`,
      );
      st.AlphaValues.set(ctx.state, a.netuid, [a.alpha_low, a.alpha_high]);
      recordOwnerActions(ctx, owner, a.netuid, actions);
      emit(ctx, "AlphaValuesSet", { netuid: a.netuid, alphaLow: a.alpha_low, alphaHigh: a.alpha_high });
    },
  },
  sudo_set_mechanism_count: {
    args: mechanismCountArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: z.output<typeof mechanismCountArgs>) => {
      const actions: OwnerAction[] = [{ kind: "mechanismCount" }];
      const owner = ensureOwnerOrRootWithLimits(ctx, a.netuid, actions);
      ensureAdminWindowOpen(ctx, a.netuid);
      ensure(subnetExists(ctx.state, a.netuid), "SubnetNotExists", `subnet ${a.netuid} does not exist`);
      const s = ctx.state;
      const count = a.mechanism_count;
      ensure(
        count >= 1 && count <= own.MaxMechanismCount.get(s),
        "InvalidValue",
        `the mechanism count is 1..${own.MaxMechanismCount.get(s)}`,
      );
      ensure(
        st.MaxAllowedUids.get(s, a.netuid) * count <= MAX_UIDS,
        "TooManyUIDsPerMechanism",
        `MaxAllowedUids × mechanisms may not exceed ${MAX_UIDS}`,
      );
      const before = st.MechanismCountCurrent.get(s, a.netuid);
      for (let mecid = count; mecid < before; mecid++) {
        const index = mechanismIndex(a.netuid, mecid);
        st.Incentive.remove(s, index);
        st.LastUpdate.remove(s, index);
        st.Weights.clearPrefix(s, index);
        st.Bonds.clearPrefix(s, index);
        st.WeightCommits.clearPrefix(s, index);
      }
      st.MechanismCountCurrent.set(s, a.netuid, count);
      if (count !== before) st.MechanismEmissionSplit.remove(s, a.netuid);
      recordOwnerActions(ctx, owner, a.netuid, actions);
      emit(ctx, "MechanismCountSet", { netuid: a.netuid, value: count });
    },
  },
  sudo_set_mechanism_emission_split: {
    args: splitArgs,
    origin: "either",
    pays: true,
    weight: 50_000_000n,
    apply: (ctx, a: z.output<typeof splitArgs>) => {
      const actions: OwnerAction[] = [{ kind: "mechanismEmission" }];
      const owner = ensureOwnerOrRootWithLimits(ctx, a.netuid, actions);
      ensureAdminWindowOpen(ctx, a.netuid);
      ensure(subnetExists(ctx.state, a.netuid), "SubnetNotExists", `subnet ${a.netuid} does not exist`);
      const split = a.maybe_split;
      if (split !== null) {
        const count = st.MechanismCountCurrent.get(ctx.state, a.netuid);
        ensure(
          split.length === count && split.reduce((x, y) => x + y, 0) === 65_535,
          "InvalidValue",
          `the split needs ${count} u16 parts summing to 65535`,
        );
      }
      st.MechanismEmissionSplit.set(ctx.state, a.netuid, split);
      recordOwnerActions(ctx, owner, a.netuid, actions);
      emit(ctx, "MechanismEmissionSplitSet", { netuid: a.netuid, value: split });
    },
  },
  sudo_set_network_pow_registration_allowed: {
    args: powArgs,
    origin: "either",
    pays: true,
    weight: 10_000_000n,
    apply: () => adminError("POWRegistrationDisabled", "proof-of-work registration no longer exists"),
  },
  sudo_set_total_issuance: {
    args: z.object({ total_issuance: u64 }),
    origin: "root",
    pays: false,
    weight: 10_000_000n,
    apply: () => adminError("Deprecated", "the total issuance can no longer be set"),
  },
};

// ---------------------------------------------------------------------------------------------
// The table

const owner = "owner" as const;
const root = "root" as const;

const subnetSetters: Record<string, CallDef<Record<string, unknown>>> = {
  sudo_set_serving_rate_limit: subnetSetter({
    arg: "serving_rate_limit",
    value: blocks,
    who: owner,
    limit: "ServingRateLimit",
    exists: false,
    write: (s, n, v) => st.ServingRateLimit.set(s, n, v),
    event: "ServingRateLimitSet",
  }),
  sudo_set_min_difficulty: subnetSetter({
    arg: "min_difficulty",
    value: u64,
    who: root,
    write: (s, n, v) => own.MinDifficulty.set(s, n, v),
    event: "MinDifficultySet",
  }),
  sudo_set_max_difficulty: subnetSetter({
    arg: "max_difficulty",
    value: u64,
    who: owner,
    limit: "MaxDifficulty",
    write: (s, n, v) => own.MaxDifficulty.set(s, n, v),
    event: "MaxDifficultySet",
  }),
  sudo_set_difficulty: subnetSetter({
    arg: "difficulty",
    value: u64,
    who: root,
    write: (s, n, v) => own.Difficulty.set(s, n, v),
    event: "DifficultySet",
  }),
  sudo_set_weights_version_key: subnetSetter({
    arg: "weights_version_key",
    value: u64,
    who: owner,
    limit: { kind: "weightsVersionKey" },
    write: (s, n, v) => st.WeightsVersionKey.set(s, n, v),
    event: "WeightsVersionKeySet",
  }),
  sudo_set_weights_set_rate_limit: subnetSetter({
    arg: "weights_set_rate_limit",
    value: blocks,
    who: root,
    freeze: false,
    write: (s, n, v) => st.WeightsSetRateLimit.set(s, n, v),
    event: "WeightsSetRateLimitSet",
  }),
  sudo_set_adjustment_interval: subnetSetter({
    arg: "adjustment_interval",
    value: u16,
    who: root,
    freeze: false,
    write: (s, n, v) => own.AdjustmentInterval.set(s, n, v),
    event: "AdjustmentIntervalSet",
  }),
  sudo_set_adjustment_alpha: subnetSetter({
    arg: "adjustment_alpha",
    value: u64,
    who: owner,
    limit: "AdjustmentAlpha",
    write: (s, n, v) => own.AdjustmentAlpha.set(s, n, v),
    event: "AdjustmentAlphaSet",
  }),
  sudo_set_immunity_period: subnetSetter({
    arg: "immunity_period",
    value: u16,
    who: owner,
    limit: "ImmunityPeriod",
    write: (s, n, v) => st.ImmunityPeriod.set(s, n, v),
    event: "ImmunityPeriodSet",
  }),
  sudo_set_min_allowed_weights: subnetSetter({
    arg: "min_allowed_weights",
    value: u16,
    who: owner,
    limit: "MinAllowedWeights",
    write: (s, n, v) => st.MinAllowedWeights.set(s, n, v),
    event: "MinAllowedWeightSet",
  }),
  sudo_set_max_allowed_uids: subnetSetter({
    arg: "max_allowed_uids",
    value: u16,
    who: owner,
    limit: "MaxAllowedUids",
    check: (ctx, n, v) => {
      const s = ctx.state;
      if (v < st.MinAllowedUids.get(s, n))
        adminError("MaxAllowedUidsLessThanMinAllowedUids", `max_allowed_uids must be ≥ MinAllowedUids`);
      if (st.SubnetworkN.get(s, n) > v)
        adminError("MaxAllowedUIdsLessThanCurrentUIds", `subnet ${n} already has more UIDs than ${v}`);
      if (v > MAX_UIDS)
        adminError(
          "MaxAllowedUidsGreaterThanDefaultMaxAllowedUids",
          `max_allowed_uids is at most ${MAX_UIDS}`,
        );
      ensure(
        v * st.MechanismCountCurrent.get(s, n) <= MAX_UIDS,
        "TooManyUIDsPerMechanism",
        `max_allowed_uids × mechanisms may not exceed ${MAX_UIDS}`,
      );
    },
    write: (s, n, v) => st.MaxAllowedUids.set(s, n, v),
    event: "MaxAllowedUidsSet",
  }),
  sudo_set_min_allowed_uids: subnetSetter({
    arg: "min_allowed_uids",
    value: u16,
    who: root,
    check: (ctx, n, v) => {
      if (v >= st.MaxAllowedUids.get(ctx.state, n))
        adminError("MinAllowedUidsGreaterThanMaxAllowedUids", "min_allowed_uids must be < MaxAllowedUids");
      if (v >= st.SubnetworkN.get(ctx.state, n))
        adminError(
          "MinAllowedUidsGreaterThanCurrentUids",
          "min_allowed_uids must be < the current UID count",
        );
    },
    write: (s, n, v) => st.MinAllowedUids.set(s, n, v),
    event: "MinAllowedUidsSet",
  }),
  sudo_set_kappa: subnetSetter({
    arg: "kappa",
    value: u16,
    who: root,
    freeze: false,
    write: (s, n, v) => st.Kappa.set(s, n, v),
    event: "KappaSet",
  }),
  sudo_set_rho: subnetSetter({
    arg: "rho",
    value: u16,
    who: owner,
    limit: "Rho",
    write: (s, n, v) => st.Rho.set(s, n, v),
    event: "RhoSet",
  }),
  sudo_set_activity_cutoff: subnetSetter({
    arg: "activity_cutoff",
    value: u16,
    who: owner,
    limit: "ActivityCutoff",
    check: (ctx, _n, v) =>
      ensure(
        v >= own.MinActivityCutoff.get(ctx.state),
        "ActivityCutoffTooLow",
        `the activity cutoff is at least ${own.MinActivityCutoff.get(ctx.state)} blocks`,
      ),
    write: (s, n, v) => st.ActivityCutoff.set(s, n, v),
    event: "ActivityCutoffSet",
  }),
  sudo_set_network_registration_allowed: subnetSetter({
    arg: "registration_allowed",
    value: z.boolean(),
    who: root,
    rootNetworkBypass: true,
    write: (s, n, v) => st.NetworkRegistrationAllowed.set(s, n, v),
    event: "RegistrationAllowedSet",
  }),
  sudo_set_target_registrations_per_interval: subnetSetter({
    arg: "target_registrations_per_interval",
    value: u16,
    who: root,
    write: (s, n, v) => st.TargetRegistrationsPerInterval.set(s, n, v),
    event: "TargetRegistrationsPerIntervalSet",
  }),
  sudo_set_min_burn: subnetSetter({
    arg: "min_burn",
    value: u64,
    who: owner,
    limit: "MinBurn",
    check: (ctx, n, v) => {
      bounded(v < MIN_BURN_UPPER_BOUND, `min_burn must be below ${MIN_BURN_UPPER_BOUND} rao`);
      bounded(v < st.MaxBurn.get(ctx.state, n), "min_burn must be below the subnet's max_burn");
    },
    write: (s, n, v) => st.MinBurn.set(s, n, v),
    event: "MinBurnSet",
  }),
  sudo_set_max_burn: subnetSetter({
    arg: "max_burn",
    value: u64,
    who: owner,
    limit: "MaxBurn",
    check: (ctx, n, v) => {
      bounded(v > MAX_BURN_LOWER_BOUND, `max_burn must be above ${MAX_BURN_LOWER_BOUND} rao`);
      bounded(v > st.MinBurn.get(ctx.state, n), "max_burn must be above the subnet's min_burn");
    },
    write: (s, n, v) => st.MaxBurn.set(s, n, v),
    event: "MaxBurnSet",
  }),
  sudo_set_burn_half_life: subnetSetter({
    arg: "burn_half_life",
    value: u16,
    who: owner,
    limit: "BurnHalfLife",
    notRoot: true,
    check: (_ctx, _n, v) =>
      ensure(
        v > 0 && v <= MAX_BURN_HALF_LIFE,
        "InvalidValue",
        `burn_half_life is 1..${MAX_BURN_HALF_LIFE}`,
        "AdminUtils",
      ),
    write: (s, n, v) => st.BurnHalfLife.set(s, n, v),
    event: "BurnHalfLifeSet",
    eventPallet: "AdminUtils",
  }),
  sudo_set_burn_increase_mult: subnetSetter({
    arg: "burn_increase_mult",
    value: u64f64,
    who: owner,
    limit: "BurnIncreaseMult",
    notRoot: true,
    check: (_ctx, _n, v) =>
      ensure(
        v >= U64F64_ONE && v <= 3n * U64F64_ONE,
        "InvalidValue",
        "burn_increase_mult (U64F64 raw bits) must be within [1, 3]",
        "AdminUtils",
      ),
    write: (s, n, v) => st.BurnIncreaseMult.set(s, n, v),
    event: "BurnIncreaseMultSet",
    eventPallet: "AdminUtils",
  }),
  sudo_set_max_allowed_validators: subnetSetter({
    arg: "max_allowed_validators",
    value: u16,
    who: root,
    check: (ctx, n, v) => {
      if (v > st.MaxAllowedUids.get(ctx.state, n))
        adminError("MaxValidatorsLargerThanMaxUIds", "max_allowed_validators must be ≤ MaxAllowedUids");
    },
    write: (s, n, v) => st.MaxAllowedValidators.set(s, n, v),
    event: "MaxAllowedValidatorsSet",
  }),
  sudo_set_bonds_moving_average: subnetSetter({
    arg: "bonds_moving_average",
    value: blocks,
    who: owner,
    limit: "BondsMovingAverage",
    precheck: (_ctx, _n, v, caller) => {
      if (caller !== null && v > MAX_BONDS_MOVING_AVERAGE)
        adminError("BondsMovingAverageMaxReached", `owners may set at most ${MAX_BONDS_MOVING_AVERAGE}`);
    },
    write: (s, n, v) => st.BondsMovingAverage.set(s, n, v),
    event: "BondsMovingAverageSet",
  }),
  sudo_set_bonds_penalty: subnetSetter({
    arg: "bonds_penalty",
    value: u16,
    who: owner,
    limit: "BondsPenalty",
    write: (s, n, v) => st.BondsPenalty.set(s, n, v),
    event: "BondsPenaltySet",
  }),
  sudo_set_bonds_reset_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: owner,
    limit: "BondsResetEnabled",
    exists: false,
    write: (s, n, v) => st.BondsResetOn.set(s, n, v),
    event: "BondsResetToggled",
    eventPallet: "AdminUtils",
  }),
  sudo_set_max_registrations_per_block: subnetSetter({
    arg: "max_registrations_per_block",
    value: u16,
    who: root,
    write: (s, n, v) => st.MaxRegistrationsPerBlock.set(s, n, v),
    event: "MaxRegistrationsPerBlockSet",
  }),
  sudo_set_commit_reveal_weights_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: owner,
    limit: "CommitRevealEnabled",
    write: (s, n, v) => st.CommitRevealWeightsEnabled.set(s, n, v),
    event: "CommitRevealEnabledSet",
  }),
  sudo_set_commit_reveal_weights_interval: subnetSetter({
    arg: "interval",
    value: blocks,
    who: owner,
    limit: "WeightCommitInterval",
    check: (_ctx, _n, v) => {
      ensure(
        v >= MIN_REVEAL_PERIOD,
        "RevealPeriodTooSmall",
        `the reveal period is at least ${MIN_REVEAL_PERIOD} epoch`,
      );
      ensure(
        v <= MAX_REVEAL_PERIOD,
        "RevealPeriodTooLarge",
        `the reveal period is at most ${MAX_REVEAL_PERIOD} epochs`,
      );
    },
    write: (s, n, v) => st.RevealPeriodEpochs.set(s, n, v),
    event: "CommitRevealPeriodsSet",
  }),
  sudo_set_liquid_alpha_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: owner,
    limit: "LiquidAlphaEnabled",
    exists: false,
    write: (s, n, v) => st.LiquidAlphaOn.set(s, n, v),
    event: "LiquidAlphaEnabledSet",
  }),
  sudo_set_alpha_sigmoid_steepness: subnetSetter({
    arg: "steepness",
    value: i16,
    who: owner,
    limit: "AlphaSigmoidSteepness",
    check: (_ctx, _n, v, caller) => {
      if (caller !== null && v < 0)
        adminError("NegativeSigmoidSteepness", "only root may set a negative steepness");
    },
    write: (s, n, v) => st.AlphaSigmoidSteepness.set(s, n, v),
    event: "AlphaSigmoidSteepnessSet",
  }),
  sudo_set_yuma3_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: owner,
    limit: "Yuma3Enabled",
    exists: false,
    write: (s, n, v) => st.Yuma3On.set(s, n, v),
    event: "Yuma3EnableToggled",
    eventPallet: "AdminUtils",
  }),
  sudo_set_toggle_transfer: subnetSetter({
    arg: "toggle",
    value: z.boolean(),
    who: owner,
    limit: "TransferEnabled",
    write: (s, n, v) => st.TransferToggle.set(s, n, v),
    event: "TransferToggle",
  }),
  sudo_set_recycle_or_burn: subnetSetter({
    arg: "recycle_or_burn",
    value: z.enum(["Burn", "Recycle"]),
    who: owner,
    limit: "RecycleOrBurn",
    exists: false,
    write: (s, n, v) => st.RecycleOrBurn.set(s, n, v),
    event: "RecycleOrBurnSet",
  }),
  sudo_set_owner_immune_neuron_limit: subnetSetter({
    arg: "immune_neurons",
    value: u16,
    who: owner,
    limit: "ImmuneNeuronLimit",
    exists: false,
    check: (_ctx, _n, v) =>
      ensure(
        v >= MIN_IMMUNE_OWNER_UIDS && v <= MAX_IMMUNE_OWNER_UIDS,
        "InvalidValue",
        `the immune owner UID limit is ${MIN_IMMUNE_OWNER_UIDS}..${MAX_IMMUNE_OWNER_UIDS}`,
      ),
    write: (s, n, v) => st.ImmuneOwnerUidsLimit.set(s, n, v),
    event: "ImmuneOwnerUidsLimitSet",
  }),
  sudo_set_min_childkey_take_per_subnet: subnetSetter({
    arg: "take",
    value: u16,
    who: owner,
    limit: "MinChildkeyTake",
    check: (ctx, _n, v) =>
      ensure(
        v >= own.MinChildkeyTake.get(ctx.state) && v <= own.MaxChildkeyTake.get(ctx.state),
        "InvalidValue",
        "the subnet's minimum childkey take must lie within the global childkey take bounds",
        "AdminUtils",
      ),
    write: (s, n, v) => own.MinChildkeyTakePerSubnet.set(s, n, v),
    event: "MinChildkeyTakePerSubnetSet",
  }),
  sudo_set_owner_cut_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: owner,
    notRoot: true,
    write: (s, n, v) => st.OwnerCutEnabled.set(s, n, v),
    event: "OwnerCutEnabledSet",
  }),
  sudo_set_owner_cut_auto_lock_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: owner,
    notRoot: true,
    write: (s, n, v) => own.OwnerCutAutoLockEnabled.set(s, n, v),
    event: "OwnerCutAutoLockEnabledSet",
  }),
  sudo_set_subtoken_enabled: subnetSetter({
    arg: "subtoken_enabled",
    value: z.boolean(),
    who: root,
    exists: false,
    write: (s, n, v) => st.SubtokenEnabled.set(s, n, v),
    event: "SubtokenEnabledSet",
  }),
  sudo_set_subnet_emission_enabled: subnetSetter({
    arg: "enabled",
    value: z.boolean(),
    who: root,
    freeze: false,
    notRoot: true,
    write: (s, n, v) => st.SubnetEmissionEnabled.set(s, n, v),
    event: "SubnetEmissionEnabledSet",
    eventPallet: "AdminUtils",
  }),
  sudo_set_min_non_immune_uids: subnetSetter({
    arg: "min",
    value: u16,
    who: root,
    freeze: false,
    exists: false,
    write: (s, n, v) => st.MinNonImmuneUids.set(s, n, v),
    event: "MinNonImmuneUidsSet",
  }),
  sudo_set_rao_recycled: subnetSetter({
    arg: "rao_recycled",
    value: u64,
    who: root,
    freeze: false,
    write: (s, n, v) => st.RAORecycledForRegistration.set(s, n, v),
    event: "RAORecycledForRegistrationSet",
  }),
  /** EMAPriceHalvingBlocks is a single chain-wide value in this chain's storage: the netuid is ignored. */
  sudo_set_ema_price_halving_period: subnetSetter({
    arg: "ema_halving",
    value: blocks,
    who: root,
    freeze: false,
    exists: false,
    write: (s, _n, v) => st.EMAPriceHalvingBlocks.set(s, v),
    event: "EMAPriceHalvingBlocksSet",
  }),
};

const atLeastOne = (v: number) => {
  if (v < 1) adminError("ValueNotInBounds", "the value must be at least 1");
};

const globalSetters: Record<string, CallDef<Record<string, unknown>>> = {
  sudo_set_default_take: globalSetter(
    "default_take",
    u16,
    (s, v) => own.MaxDelegateTake.set(s, v),
    "MaxDelegateTakeSet",
  ),
  sudo_set_min_delegate_take: globalSetter(
    "take",
    u16,
    (s, v) => own.MinDelegateTake.set(s, v),
    "MinDelegateTakeSet",
  ),
  sudo_set_tx_rate_limit: globalSetter(
    "tx_rate_limit",
    blocks,
    (s, v) => own.TxRateLimit.set(s, v),
    "TxRateLimitSet",
  ),
  sudo_set_tx_delegate_take_rate_limit: globalSetter(
    "tx_rate_limit",
    blocks,
    (s, v) => own.TxDelegateTakeRateLimit.set(s, v),
    "TxDelegateTakeRateLimitSet",
  ),
  sudo_set_subnet_owner_cut: globalSetter(
    "subnet_owner_cut",
    u16,
    (s, v) => st.SubnetOwnerCut.set(s, v),
    "SubnetOwnerCutSet",
  ),
  sudo_set_network_rate_limit: globalSetter(
    "rate_limit",
    blocks,
    (s, v) => st.NetworkRateLimit.set(s, v),
    "NetworkRateLimitSet",
  ),
  sudo_set_network_immunity_period: globalSetter(
    "immunity_period",
    blocks,
    (s, v) => st.NetworkImmunityPeriod.set(s, v),
    "NetworkImmunityPeriodSet",
  ),
  sudo_set_network_min_lock_cost: globalSetter(
    "lock_cost",
    u64,
    (s, v) => st.NetworkMinLockCost.set(s, v),
    "NetworkMinLockCostSet",
  ),
  sudo_set_subnet_limit: globalSetter(
    "max_subnets",
    u16,
    (s, v) => st.SubnetLimit.set(s, v),
    "SubnetLimitSet",
  ),
  sudo_set_lock_reduction_interval: globalSetter(
    "interval",
    blocks,
    (s, v) => st.NetworkLockReductionInterval.set(s, v),
    "NetworkLockCostReductionIntervalSet",
  ),
  sudo_set_stake_threshold: globalSetter(
    "min_stake",
    u64,
    (s, v) => st.StakeThreshold.set(s, v),
    "StakeThresholdSet",
  ),
  sudo_set_nominator_min_required_stake: raisingClears(
    globalSetter(
      "min_stake",
      u64,
      (s, v) => own.NominatorMinRequiredStake.set(s, v),
      "NominatorMinRequiredStakeSet",
    ),
  ),
  sudo_set_subnet_moving_alpha: globalSetter(
    "alpha",
    u64,
    (s, v) => st.SubnetMovingAlpha.set(s, v),
    "SubnetMovingAlphaSet",
  ),
  sudo_set_ck_burn: globalSetter("burn", u64, (s, v) => own.CKBurn.set(s, v), "CKBurnSet"),
  sudo_set_admin_freeze_window: globalSetter(
    "window",
    u16,
    (s, v) => st.AdminFreezeWindow.set(s, v),
    "AdminFreezeWindowSet",
  ),
  sudo_set_owner_hparam_rate_limit: globalSetter(
    "epochs",
    u16,
    (s, v) => st.OwnerHyperparamRateLimit.set(s, v),
    "OwnerHyperparamRateLimitSet",
  ),
  sudo_set_max_mechanism_count: globalSetter(
    "max_mechanism_count",
    u8,
    (s, v) => own.MaxMechanismCount.set(s, v),
    "MaxMechanismCountSet",
    atLeastOne,
  ),
  sudo_set_start_call_delay: globalSetter(
    "delay",
    blocks,
    (s, v) => st.StartCallDelay.set(s, v),
    "StartCallDelaySet",
  ),
  sudo_set_max_epochs_per_block: globalSetter(
    "max_epochs_per_block",
    u8,
    (s, v) => st.MaxEpochsPerBlock.set(s, v),
    "MaxEpochsPerBlockSet",
    atLeastOne,
  ),
  sudo_set_commit_reveal_version: globalSetter(
    "version",
    u16,
    (s, v) => st.CommitRevealWeightsVersion.set(s, v),
    "CommitRevealVersionSet",
  ),
};

/** The AdminUtils pallet: register it in runtime.ts as module "adminUtils". */
export const adminUtilsPallet: Pallet = {
  name: "adminUtils",
  calls: { ...subnetSetters, ...globalSetters, ...special, ...taoFlowAdminCalls },
};
