/**
 * Origin checks, rate limits and the admin freeze window of subnet-owner and admin calls (chain.md §11,
 * §12; the reference's `ensure_subnet_owner[_or_root[_with_limits]]`, `TransactionType`,
 * `ensure_admin_window_open`).
 */
import type { AccountId } from "../../crypto.js";
import { ChainError, ensure } from "../../errors.js";
import type { State } from "../../state/state.js";
import {
  AdminFreezeWindow,
  LastEpochBlock,
  OwnerHyperparamRateLimit,
  PendingEpochAt,
  SubnetOwner,
  Tempo,
} from "../../storage.js";
import type { CallContext } from "../../types.js";
import { LastRateLimitedBlock, TransactionKeyLastBlock, WeightsVersionKeyRateLimit } from "./storage.js";

/** Owner tempo changes: bounds and cooldown (MIN_TEMPO, MAX_TEMPO). */
export const MIN_TEMPO = 360;
export const MAX_TEMPO = 50_400;
/** The owner hotkey may change once per this many blocks per subnet (DefaultSetSNOwnerHotkeyRateLimit). */
export const SET_SN_OWNER_HOTKEY_RATE_LIMIT = 50_400;

/** Owner-settable hyperparameters: each has its own owner rate-limit slot (the reference's enum). */
export type Hyperparameter =
  | "ServingRateLimit"
  | "MaxDifficulty"
  | "AdjustmentAlpha"
  | "MaxWeightLimit"
  | "ImmunityPeriod"
  | "MinAllowedWeights"
  | "Kappa"
  | "Rho"
  | "ActivityCutoff"
  | "PowRegistrationAllowed"
  | "MinBurn"
  | "MaxBurn"
  | "BondsMovingAverage"
  | "BondsPenalty"
  | "CommitRevealEnabled"
  | "LiquidAlphaEnabled"
  | "AlphaValues"
  | "WeightCommitInterval"
  | "TransferEnabled"
  | "AlphaSigmoidSteepness"
  | "Yuma3Enabled"
  | "BondsResetEnabled"
  | "ImmuneNeuronLimit"
  | "RecycleOrBurn"
  | "MaxAllowedUids"
  | "BurnHalfLife"
  | "BurnIncreaseMult"
  | "SubnetEmissionEnabled"
  | "MinChildkeyTake"
  | "ActivityCutoffFactorMilli"
  | "TriggerEpoch";

/** A rate-limited action of a subnet owner. */
export type OwnerAction =
  | { readonly kind: "hyperparameter"; readonly param: Hyperparameter }
  | { readonly kind: "weightsVersionKey" }
  | { readonly kind: "tempo" }
  | { readonly kind: "ownerHotkey" }
  | { readonly kind: "mechanismCount" }
  | { readonly kind: "mechanismEmission" };

export const hyperparameter = (param: Hyperparameter): OwnerAction => ({ kind: "hyperparameter", param });

/** The reference's frozen transaction-type codes of TransactionKeyLastBlock. */
const TX_CODE = { weightsVersionKey: 4, mechanismCount: 7, mechanismEmission: 8, tempo: 11 } as const;

/** Mechanism count / split rate limit: 7 200 blocks (fast runtime, i.e. dev chains: 1). */
function mechanismRateLimit(ctx: CallContext): number {
  return ctx.spec.params.dev ? 1 : 7_200;
}

function limitOf(ctx: CallContext, netuid: number, action: OwnerAction): number {
  const s = ctx.state;
  switch (action.kind) {
    case "hyperparameter":
      return Tempo.get(s, netuid) * OwnerHyperparamRateLimit.get(s);
    case "weightsVersionKey":
      return Tempo.get(s, netuid) * WeightsVersionKeyRateLimit.get(s);
    case "tempo":
      return MIN_TEMPO;
    case "ownerHotkey":
      return SET_SN_OWNER_HOTKEY_RATE_LIMIT;
    case "mechanismCount":
    case "mechanismEmission":
      return mechanismRateLimit(ctx);
  }
}

function slotOf(who: AccountId, netuid: number, action: OwnerAction): { map: "rl" | "tx"; key: string } {
  switch (action.kind) {
    case "hyperparameter":
      return { map: "rl", key: `OwnerHyperparamUpdate/${netuid}/${action.param}` };
    case "ownerHotkey":
      return { map: "rl", key: `SetSNOwnerHotkey/${netuid}` };
    default:
      return { map: "tx", key: `${who}/${netuid}/${TX_CODE[action.kind]}` };
  }
}

export function lastActionBlock(s: State, who: AccountId, netuid: number, action: OwnerAction): number {
  const slot = slotOf(who, netuid, action);
  return slot.map === "rl" ? LastRateLimitedBlock.get(s, slot.key) : TransactionKeyLastBlock.get(s, slot.key);
}

export function recordAction(
  s: State,
  who: AccountId,
  netuid: number,
  action: OwnerAction,
  now: number,
): void {
  const slot = slotOf(who, netuid, action);
  if (slot.map === "rl") LastRateLimitedBlock.set(s, slot.key, now);
  else TransactionKeyLastBlock.set(s, slot.key, now);
}

/** The reference's rule: the first use (last block 0) passes, then at least `limit` blocks apart. */
export function passesRateLimit(limit: number, now: number, last: number): boolean {
  return last === 0 || now - last >= limit;
}

export function passesActionRateLimit(ctx: CallContext, who: AccountId, netuid: number, action: OwnerAction) {
  return passesRateLimit(
    limitOf(ctx, netuid, action),
    ctx.header.number,
    lastActionBlock(ctx.state, who, netuid, action),
  );
}

const badOrigin = (message: string) => new ChainError("BadOrigin", message, "System");

/** The signed caller, which must be the subnet's owner coldkey. */
export function ensureSubnetOwner(ctx: CallContext, netuid: number): AccountId {
  if (ctx.origin.kind !== "signed") throw badOrigin("this call must be signed by the subnet owner's coldkey");
  const who = ctx.origin.who;
  if (SubnetOwner.get(ctx.state, netuid) !== who)
    throw badOrigin(`${who} does not own subnet ${netuid}; sign with the owner's coldkey`);
  return who;
}

/** Root (null) or the subnet owner (its coldkey). */
export function ensureSubnetOwnerOrRoot(ctx: CallContext, netuid: number): AccountId | null {
  if (ctx.origin.kind === "root") return null;
  return ensureSubnetOwner(ctx, netuid);
}

/** Owner-or-root, with the owner's rate limits (root bypasses them): `TxRateLimitExceeded`. */
export function ensureOwnerOrRootWithLimits(
  ctx: CallContext,
  netuid: number,
  actions: readonly OwnerAction[],
): AccountId | null {
  const owner = ensureSubnetOwnerOrRoot(ctx, netuid);
  if (owner !== null) {
    for (const action of actions) {
      ensure(
        passesActionRateLimit(ctx, owner, netuid, action),
        "TxRateLimitExceeded",
        `subnet ${netuid}: this owner action is rate-limited (${limitOf(ctx, netuid, action)} blocks between changes); wait and retry`,
      );
    }
  }
  return owner;
}

/** Stamps the owner's rate-limit slots at the current block (nothing for root). */
export function recordOwnerActions(
  ctx: CallContext,
  owner: AccountId | null,
  netuid: number,
  actions: readonly OwnerAction[],
): void {
  if (owner === null) return;
  for (const action of actions) recordAction(ctx.state, owner, netuid, action, ctx.header.number);
}

/** Blocks until the next automatic epoch (LastEpochBlock + tempo); Infinity when tempo is 0. */
export function blocksUntilNextAutoEpoch(s: State, netuid: number, tempo: number, now: number): number {
  if (tempo === 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, LastEpochBlock.get(s, netuid) + tempo - now);
}

/**
 * The admin freeze window: the last AdminFreezeWindow blocks before the next automatic epoch, and the
 * whole countdown of an owner-triggered epoch.
 */
export function isInAdminFreezeWindow(s: State, netuid: number, now: number): boolean {
  const tempo = Tempo.get(s, netuid);
  if (tempo === 0) return false;
  const pending = PendingEpochAt.get(s, netuid);
  if (pending > 0 && pending > now) return true;
  return blocksUntilNextAutoEpoch(s, netuid, tempo, now) < AdminFreezeWindow.get(s);
}

export function ensureAdminWindowOpen(ctx: CallContext, netuid: number): void {
  ensure(
    !isInAdminFreezeWindow(ctx.state, netuid, ctx.header.number),
    "AdminActionProhibitedDuringWeightsWindow",
    `subnet ${netuid} is in its admin freeze window (the last ${AdminFreezeWindow.get(ctx.state)} blocks before an epoch); retry after the epoch`,
  );
}
