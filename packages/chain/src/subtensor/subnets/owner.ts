/**
 * Subnet-owner actions shared by the subtensor calls and their AdminUtils twins: start_call, identity,
 * symbol, tempo, trigger_epoch, activity-cutoff factor, owner hotkey (chain.md §8.2, §8.4, §8.6).
 */
import type { AccountId } from "../../crypto.js";
import { ensure } from "../../errors.js";
import * as st from "../../storage.js";
import type { CallContext } from "../../types.js";
import {
  blocksUntilNextAutoEpoch,
  ensureAdminWindowOpen,
  ensureSubnetOwner,
  ensureSubnetOwnerOrRoot,
  hyperparameter,
  MAX_TEMPO,
  MIN_TEMPO,
  type OwnerAction,
  passesActionRateLimit,
  recordAction,
} from "./guards.js";
import { isValidSubnetIdentity, subnetExists } from "./lifecycle.js";
import { isKnownSymbol } from "./symbols.js";

/** Activity cutoff factor bounds, per mille of the tempo. */
export const MIN_ACTIVITY_CUTOFF_FACTOR_MILLI = 1_000;
export const MAX_ACTIVITY_CUTOFF_FACTOR_MILLI = 50_000;

const emit = (ctx: CallContext, name: string, data: Record<string, unknown>) =>
  ctx.emit({ pallet: "SubtensorModule", name, data });

export function ensureSubnetExists(ctx: CallContext, netuid: number): void {
  ensure(subnetExists(ctx.state, netuid), "SubnetNotExists", `subnet ${netuid} does not exist`);
}

function ensurePasses(ctx: CallContext, who: AccountId, netuid: number, action: OwnerAction, what: string) {
  ensure(
    passesActionRateLimit(ctx, who, netuid, action),
    "TxRateLimitExceeded",
    `subnet ${netuid}: ${what} is rate-limited; wait before changing it again`,
  );
}

/** start_call: the owner opens emission and trading (FirstEmissionBlockNumber = now + 1). */
export function doStartCall(ctx: CallContext, netuid: number): void {
  ensureSubnetExists(ctx, netuid);
  ensureSubnetOwner(ctx, netuid);
  const s = ctx.state;
  ensure(
    st.FirstEmissionBlockNumber.get(s, netuid) === null,
    "FirstEmissionBlockNumberAlreadySet",
    `subnet ${netuid} is already started`,
  );
  const earliest = st.NetworkRegisteredAt.get(s, netuid) + st.StartCallDelay.get(s);
  ensure(
    ctx.header.number >= earliest,
    "NeedWaitingMoreBlocksToStarCall",
    `subnet ${netuid} can be started from block ${earliest}`,
  );
  const first = ctx.header.number + 1;
  st.FirstEmissionBlockNumber.set(s, netuid, first);
  st.SubtokenEnabled.set(s, netuid, true);
  emit(ctx, "FirstEmissionBlockNumberSet", { netuid, block: first });
}

/** set_subnet_identity: the owner (NotSubnetOwner) sets a valid identity (InvalidIdentity). */
export function doSetSubnetIdentity(ctx: CallContext, netuid: number, identity: st.SubnetIdentity): void {
  ensureSubnetExists(ctx, netuid);
  const who = ctx.origin.kind === "signed" ? ctx.origin.who : null;
  ensure(
    who !== null && st.SubnetOwner.get(ctx.state, netuid) === who,
    "NotSubnetOwner",
    `only the owner of subnet ${netuid} may set its identity`,
  );
  ensure(
    isValidSubnetIdentity(identity),
    "InvalidIdentity",
    "identity too long: name and discord at most 256 bytes, other fields at most 1024 bytes",
  );
  st.SubnetIdentitiesV3.set(ctx.state, netuid, identity);
  emit(ctx, "SubnetIdentitySet", { netuid });
}

/** update_symbol: owner or root picks an unused built-in symbol. */
export function doUpdateSymbol(ctx: CallContext, netuid: number, symbol: string): void {
  ensureSubnetOwnerOrRoot(ctx, netuid);
  ensureSubnetExists(ctx, netuid);
  ensure(isKnownSymbol(symbol), "SymbolDoesNotExist", `"${symbol}" is not one of the built-in symbols`);
  const s = ctx.state;
  const inUse = st.TokenSymbol.keys(s).some((k) => st.TokenSymbol.get(s, Number(k)) === symbol);
  ensure(!inUse, "SymbolAlreadyInUse", `"${symbol}" is already the symbol of a subnet`);
  st.TokenSymbol.set(s, netuid, symbol);
  emit(ctx, "SymbolUpdated", { netuid, symbol });
}

/**
 * set_tempo / sudo_set_tempo: the owner within [MIN_TEMPO, MAX_TEMPO] (TempoOutOfBounds) once per
 * MIN_TEMPO blocks; root any u16 without rate limit. Both respect the freeze window. The epoch cycle
 * restarts (LastEpochBlock = now).
 */
export function doSetTempo(ctx: CallContext, netuid: number, tempo: number): void {
  const owner = ensureSubnetOwnerOrRoot(ctx, netuid);
  ensureSubnetExists(ctx, netuid);
  if (owner !== null)
    ensure(
      tempo >= MIN_TEMPO && tempo <= MAX_TEMPO,
      "TempoOutOfBounds",
      `an owner may set a tempo from ${MIN_TEMPO} to ${MAX_TEMPO} blocks`,
    );
  ensureAdminWindowOpen(ctx, netuid);
  const action: OwnerAction = { kind: "tempo" };
  if (owner !== null) ensurePasses(ctx, owner, netuid, action, "the tempo");
  st.Tempo.set(ctx.state, netuid, tempo);
  st.LastEpochBlock.set(ctx.state, netuid, ctx.header.number);
  if (owner !== null) recordAction(ctx.state, owner, netuid, action, ctx.header.number);
  emit(ctx, "TempoSet", { netuid, tempo });
}

/**
 * set_activity_cutoff_factor: owner (freeze window and rate limit) or root (neither), within
 * [1 000, 50 000] ‰ of the tempo (ActivityCutoffFactorMilliOutOfBounds).
 */
export function doSetActivityCutoffFactor(ctx: CallContext, netuid: number, factorMilli: number): void {
  const owner = ensureSubnetOwnerOrRoot(ctx, netuid);
  ensure(
    factorMilli >= MIN_ACTIVITY_CUTOFF_FACTOR_MILLI && factorMilli <= MAX_ACTIVITY_CUTOFF_FACTOR_MILLI,
    "ActivityCutoffFactorMilliOutOfBounds",
    `the activity cutoff factor is ${MIN_ACTIVITY_CUTOFF_FACTOR_MILLI}..${MAX_ACTIVITY_CUTOFF_FACTOR_MILLI} per mille of the tempo`,
  );
  const action = hyperparameter("ActivityCutoffFactorMilli");
  if (owner !== null) {
    ensureAdminWindowOpen(ctx, netuid);
    ensurePasses(ctx, owner, netuid, action, "the activity cutoff factor");
  }
  st.ActivityCutoffFactorMilli.set(ctx.state, netuid, factorMilli);
  if (owner !== null) recordAction(ctx.state, owner, netuid, action, ctx.header.number);
  emit(ctx, "ActivityCutoffFactorMilliSet", { netuid, factorMilli });
}

/**
 * trigger_epoch: the owner schedules an epoch AdminFreezeWindow blocks ahead (PendingEpochAt), unless
 * commit-reveal is on, one is pending, or the automatic epoch is closer than the window.
 */
export function doTriggerEpoch(ctx: CallContext, netuid: number): void {
  const who = ensureSubnetOwner(ctx, netuid);
  const s = ctx.state;
  ensure(
    !st.CommitRevealWeightsEnabled.get(s, netuid),
    "DynamicTempoBlockedByCommitReveal",
    `subnet ${netuid} uses commit-reveal: a triggered epoch would break the reveal schedule`,
  );
  ensure(
    st.PendingEpochAt.get(s, netuid) === 0,
    "EpochTriggerAlreadyPending",
    `an epoch is already scheduled at block ${st.PendingEpochAt.get(s, netuid)}`,
  );
  const now = ctx.header.number;
  const window = st.AdminFreezeWindow.get(s);
  const remaining = blocksUntilNextAutoEpoch(s, netuid, st.Tempo.get(s, netuid), now);
  ensure(
    remaining >= window,
    "AutoEpochAlreadyImminent",
    `the next epoch is ${remaining} blocks away, within the ${window}-block window`,
  );
  const action = hyperparameter("TriggerEpoch");
  ensurePasses(ctx, who, netuid, action, "trigger_epoch");
  const firesAt = now + window;
  st.PendingEpochAt.set(s, netuid, firesAt);
  recordAction(s, who, netuid, action, now);
  emit(ctx, "EpochTriggered", { netuid, by: who, firesAt });
}

/** sudo_set_sn_owner_hotkey: owner or root, once per 50 400 blocks per subnet (for both). */
export function doSetSnOwnerHotkey(ctx: CallContext, netuid: number, hotkey: AccountId): void {
  const owner = ensureSubnetOwnerOrRoot(ctx, netuid);
  ensureSubnetExists(ctx, netuid);
  const action: OwnerAction = { kind: "ownerHotkey" };
  // The key of this limit is the subnet, whoever calls.
  ensurePasses(ctx, owner ?? hotkey, netuid, action, "the owner hotkey");
  recordAction(ctx.state, owner ?? hotkey, netuid, action, ctx.header.number);
  st.SubnetOwnerHotkey.set(ctx.state, netuid, hotkey);
  emit(ctx, "SubnetOwnerHotkeySet", { netuid, hotkey });
}
