/**
 * Epoch-time distribution (chain.md §4.6; reference `distribute_emission`,
 * `calculate_dividend_distribution`, `distribute_dividends_and_incentives`), in U96F32:
 * miners' incentive staked to (hotkey or the owner's auto-stake destination, owner coldkey) — burned or
 * recycled for the subnet owner's own hotkeys (MinerBurned records the withheld fraction) —, each
 * validator dividend split between the hotkey and its parents (childkeys, children.ts), then into an alpha part
 * (shares of the pending validator alpha) and a root part (shares of the pending root alpha), the
 * delegate take staked to the hotkey's owner, the rest to the hotkey's pool (nominators pro rata) or made
 * claimable by its root stakers (RootClaimable), and the owner cut staked to the owner hotkey.
 */
import type { AccountId } from "../../crypto.js";
import { increaseHotkeyPool, increaseStake } from "../../stake.js";
import type { State } from "../../state/state.js";
import {
  Delegates,
  MinerBurned,
  OwnedHotkeys,
  Owner,
  RecycleOrBurn,
  SubnetOwner,
  SubnetOwnerHotkey,
  TotalHotkeyAlpha,
  TotalHotkeySharesV2,
  Uids,
} from "../../storage.js";
import type { BlockContext } from "../../types.js";
import { AutoStakeDestination, parentChildDividends } from "../children.js";
import { runSubnetEpoch } from "./epoch.js";
import { u16ProportionU96, u96 } from "./fixed.js";
import { recycleSubnetAlpha } from "./inject.js";
import { taoWeightU96 } from "./shares.js";
import { AlphaDividendsPerSubnet, RootAlphaDividendsPerSubnet, RootClaimable } from "./storage.js";

/**
 * The childkey step (§4.6 step 4): a hotkey's validator dividend as (receiving hotkey, alpha) pairs,
 * the reference's `get_parent_child_dividends_distribution` (children.ts). Tests may install another
 * split through `setDividendDistribution`.
 */
export type DividendDistribution = (
  s: State,
  hotkey: AccountId,
  netuid: number,
  dividend: bigint,
) => ReadonlyArray<readonly [AccountId, bigint]>;

let dividendDistribution: DividendDistribution = parentChildDividends;

/** Replaces the childkey dividend split (tests); `undefined` restores the reference's split. */
export function setDividendDistribution(f: DividendDistribution | undefined): void {
  dividendDistribution = f ?? parentChildDividends;
}

/** What one epoch paid, for the EpochRun event and tests (alpha rao). */
export interface DistributionSummary {
  readonly netuid: number;
  /** Alpha handed to Yuma: server + validator + root (owner cut excluded). */
  readonly raoEmission: bigint;
  /** Miner incentive staked to miners. */
  readonly minerIncentive: bigint;
  /** Miner incentive withheld from owner-owned hotkeys (burned or recycled). */
  readonly minerWithheld: bigint;
  /** Validator alpha dividends: take (staked to owners) + nominators' part. */
  readonly validatorAlpha: bigint;
  /** Root alpha dividends: take + claimable part. */
  readonly validatorRoot: bigint;
  /** Root alpha recycled because no validator had root stake. */
  readonly rootRecycled: bigint;
  readonly ownerCut: bigint;
}

/** Per-hotkey (alpha stake on the subnet, root stake). */
function stakeMap(s: State, netuid: number, hotkeys: Iterable<AccountId>): Map<AccountId, [bigint, bigint]> {
  const out = new Map<AccountId, [bigint, bigint]>();
  for (const h of hotkeys) out.set(h, [TotalHotkeyAlpha.get(s, h, netuid), TotalHotkeyAlpha.get(s, h, 0)]);
  return out;
}

/**
 * `calculate_dividend_distribution`: each hotkey's dividend d is split by its stake, root part
 * d · (w·τ)/(α + w·τ); then the pending validator alpha is shared ∝ alpha parts and the pending root
 * alpha ∝ root parts. Returns U96F32 amounts per hotkey.
 */
export function dividendShares(
  pendingAlpha: bigint,
  pendingRoot: bigint,
  taoWeight: bigint,
  stakes: ReadonlyMap<AccountId, readonly [bigint, bigint]>,
  dividends: ReadonlyMap<AccountId, bigint>,
): { alpha: Map<AccountId, bigint>; root: Map<AccountId, bigint> } {
  const alphaParts = new Map<AccountId, bigint>();
  const rootParts = new Map<AccountId, bigint>();
  let totalAlpha = 0n;
  let totalRoot = 0n;
  for (const [hotkey, dividend] of dividends) {
    const stake = stakes.get(hotkey);
    if (!stake) continue;
    const alphaStake = u96.fromInt(stake[0]);
    const rootWeighted = u96.mul(u96.fromInt(stake[1]), taoWeight);
    const rootProp = u96.div(rootWeighted, u96.add(alphaStake, rootWeighted)) ?? 0n;
    const rootDivs = u96.mul(dividend, rootProp);
    const alphaDivs = u96.sub(dividend, rootDivs);
    alphaParts.set(hotkey, (alphaParts.get(hotkey) ?? 0n) + alphaDivs);
    rootParts.set(hotkey, (rootParts.get(hotkey) ?? 0n) + rootDivs);
    totalAlpha = u96.add(totalAlpha, alphaDivs);
    totalRoot = u96.add(totalRoot, rootDivs);
  }
  const root = new Map<AccountId, bigint>();
  for (const [hotkey, part] of rootParts) {
    root.set(hotkey, u96.mul(u96.fromInt(pendingRoot), u96.div(part, totalRoot) ?? 0n));
  }
  const alpha = new Map<AccountId, bigint>();
  for (const [hotkey, part] of alphaParts) {
    alpha.set(hotkey, u96.mul(u96.fromInt(pendingAlpha), u96.div(part, totalAlpha) ?? 0n));
  }
  return { alpha, root };
}

/** The subnet owner's hotkeys registered on the subnet (their miner incentive is withheld). */
export function ownerHotkeys(s: State, netuid: number): Set<AccountId> {
  const out = new Set<AccountId>();
  const coldkey = SubnetOwner.get(s, netuid);
  if (coldkey !== null) {
    for (const h of OwnedHotkeys.get(s, coldkey)) if (Uids.get(s, netuid, h) !== null) out.add(h);
  }
  const ownerHotkey = SubnetOwnerHotkey.get(s, netuid);
  if (ownerHotkey !== null && Uids.get(s, netuid, ownerHotkey) !== null) out.add(ownerHotkey);
  return out;
}

/** `get_hotkey_take_float`: Delegates[h] / 65535 as U96F32 (default 18 %). */
function takeOf(s: State, hotkey: AccountId): bigint {
  return u16ProportionU96(Delegates.get(s, hotkey));
}

/**
 * `increase_root_claimable_for_hotkey_and_subnet`: RootClaimable[h][net] += amount / root stake
 * (I96F32). Without enough root stake to carry the rate (amount > root stake), the alpha is staked to
 * the hotkey's owner instead.
 */
export function increaseRootClaimable(s: State, hotkey: AccountId, netuid: number, amount: bigint): void {
  const rootStake = TotalHotkeyAlpha.get(s, hotkey, 0);
  if (amount > rootStake) {
    const owner = Owner.get(s, hotkey);
    if (owner !== null) increaseStake(s, hotkey, owner, netuid, amount);
    return;
  }
  const increment = rootStake === 0n ? 0n : (amount << 32n) / rootStake;
  RootClaimable.update(s, hotkey, netuid, (v) => v + increment);
}

/**
 * `distribute_emission`: runs the subnet's epoch on server + validator + root alpha and pays out the
 * incentives, dividends and owner cut.
 */
export function distributeEmission(
  ctx: Pick<BlockContext, "state" | "header"> & Partial<Pick<BlockContext, "emit">>,
  netuid: number,
  server: bigint,
  validator: bigint,
  root: bigint,
  ownerCut: bigint,
): DistributionSummary {
  const s = ctx.state;
  const taoWeight = taoWeightU96(s);
  const raoEmission = server + validator + root;
  const { hotkeys, output } = runSubnetEpoch(s, netuid, ctx.header.number, raoEmission);

  // Per-hotkey incentive and dividend (uid order; hotkeys are unique on a consistent subnet).
  const incentives = new Map<AccountId, bigint>();
  const dividends = new Map<AccountId, bigint>();
  let incentiveSum = 0n;
  hotkeys.forEach((hotkey, uid) => {
    if (hotkey === null) return;
    const incentive = output.serverEmission[uid] ?? 0n;
    incentiveSum += incentive;
    incentives.set(hotkey, (incentives.get(hotkey) ?? 0n) + incentive);
    for (const [receiver, amount] of dividendDistribution(
      s,
      hotkey,
      netuid,
      output.validatorEmission[uid] ?? 0n,
    )) {
      dividends.set(receiver, (dividends.get(receiver) ?? 0n) + u96.fromInt(amount));
    }
  });
  // With no miner incentive at all, validators receive the miners' half too.
  const validatorAlpha = incentiveSum !== 0n ? validator : validator + server;
  const shares = dividendShares(
    validatorAlpha,
    root,
    taoWeight,
    stakeMap(s, netuid, dividends.keys()),
    dividends,
  );

  // Root alpha nobody can receive (no validator with root stake) leaves issuance.
  let rootRecycled = 0n;
  if (root > 0n && [...shares.root.values()].every((v) => u96.toU64(v) === 0n)) {
    recycleSubnetAlpha(s, netuid, root);
    rootRecycled = root;
  }

  // Owner cut → (SubnetOwnerHotkey, SubnetOwner).
  const ownerColdkey = SubnetOwner.get(s, netuid);
  const ownerHotkey = SubnetOwnerHotkey.get(s, netuid);
  if (ownerColdkey !== null && ownerHotkey !== null)
    increaseStake(s, ownerHotkey, ownerColdkey, netuid, ownerCut);

  // Miner incentive.
  const withheldFrom = ownerHotkeys(s, netuid);
  let total = 0n;
  let withheld = 0n;
  let paid = 0n;
  for (const [hotkey, incentive] of incentives) {
    if (incentive === 0n) continue;
    total += incentive;
    if (withheldFrom.has(hotkey)) {
      withheld += incentive;
      // Burn leaves the alpha in issuance with no owner; Recycle removes it from issuance.
      if (RecycleOrBurn.get(s, netuid) === "Recycle") recycleSubnetAlpha(s, netuid, incentive);
      continue;
    }
    const owner = Owner.get(s, hotkey);
    if (owner === null) continue; // no owner to credit (never for a registered hotkey): left unowned
    // The owner's auto-stake destination on this subnet receives the stake (AutoStakeAdded), else the hotkey.
    const destination = AutoStakeDestination.get(s, owner, netuid);
    increaseStake(s, destination ?? hotkey, owner, netuid, incentive);
    if (destination !== null)
      ctx.emit?.({
        pallet: "SubtensorModule",
        name: "AutoStakeAdded",
        data: { netuid, destination, hotkey, owner, incentive },
      });
    paid += incentive;
  }
  MinerBurned.set(s, netuid, u96.divOr(u96.fromInt(withheld), u96.fromInt(total), 0n));

  // Validator alpha dividends: take to the owner, the rest to the hotkey's pool.
  AlphaDividendsPerSubnet.clearPrefix(s, netuid);
  let validatorAlphaPaid = 0n;
  for (const [hotkey, amount] of shares.alpha) {
    const owner = Owner.get(s, hotkey);
    const take = u96.mul(takeOf(s, hotkey), amount);
    const takeAlpha = u96.toU64(take);
    const nominators = u96.toU64(u96.sub(amount, take));
    if (owner !== null && takeAlpha > 0n) {
      increaseStake(s, hotkey, owner, netuid, takeAlpha);
      validatorAlphaPaid += takeAlpha;
    }
    if (nominators > 0n) {
      // A pool without shares would hand the credit to its first later depositor: credit the owner.
      if (TotalHotkeySharesV2.get(s, hotkey, netuid) > 0n) increaseHotkeyPool(s, hotkey, netuid, nominators);
      else if (owner !== null) increaseStake(s, hotkey, owner, netuid, nominators);
      else continue;
      validatorAlphaPaid += nominators;
      AlphaDividendsPerSubnet.set(s, netuid, hotkey, nominators);
    }
  }

  // Root alpha dividends: take to the owner, the rest claimable by the hotkey's root stakers.
  RootAlphaDividendsPerSubnet.clearPrefix(s, netuid);
  let validatorRootPaid = 0n;
  for (const [hotkey, amount] of shares.root) {
    const owner = Owner.get(s, hotkey);
    const take = u96.mul(takeOf(s, hotkey), amount);
    const takeAlpha = u96.toU64(take);
    const claimable = u96.toU64(u96.sub(amount, take));
    if (owner !== null && takeAlpha > 0n) {
      increaseStake(s, hotkey, owner, netuid, takeAlpha);
      validatorRootPaid += takeAlpha;
    }
    if (claimable > 0n) {
      increaseRootClaimable(s, hotkey, netuid, claimable);
      RootAlphaDividendsPerSubnet.set(s, netuid, hotkey, claimable);
      validatorRootPaid += claimable;
    }
  }

  const summary: DistributionSummary = {
    netuid,
    raoEmission,
    minerIncentive: paid,
    minerWithheld: withheld,
    validatorAlpha: validatorAlphaPaid,
    validatorRoot: validatorRootPaid,
    rootRecycled,
    ownerCut: ownerColdkey !== null && ownerHotkey !== null ? ownerCut : 0n,
  };
  ctx.emit?.({
    pallet: "SubtensorModule",
    name: "EpochRun",
    data: {
      ...summary,
      block: ctx.header.number,
      n: hotkeys.length,
      active: output.active.filter(Boolean).length,
      validatorPermits: output.newValidatorPermit.filter(Boolean).length,
      mechanisms: output.mechanisms.length,
      incentiveTotal: incentiveSum,
      dividendTotal: output.validatorEmission.reduce((a, b) => a + b, 0n),
    },
  });
  return summary;
}
