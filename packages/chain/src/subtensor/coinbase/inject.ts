/**
 * Per-block emission into the emitting subnets (chain.md §4.4, §4.5; reference `emit_to_subnets`,
 * `compute_subnet_emission_terms` / `get_subnet_terms`, `inject_and_maybe_swap`):
 * TAO and alpha injected into the pool (alpha capped at root_proportion × alpha emission, the excess TAO
 * chain-buys protocol-owned alpha), alpha out minted and split into the pending buckets.
 */
import { buyAlpha, injectLiquidity } from "../../pool.js";
import type { State } from "../../state/state.js";
import {
  OwnerCutEnabled,
  PendingOwnerCut,
  PendingRootAlphaDivs,
  PendingServerEmission,
  PendingValidatorEmission,
  SubnetAlphaInEmission,
  SubnetAlphaOut,
  SubnetAlphaOutEmission,
  SubnetExcessTao,
  SubnetOwnerCut,
  SubnetProtocolAlpha,
  SubnetTaoInEmission,
  TotalIssuance,
  TotalStake,
} from "../../storage.js";
import { blockEmissionForIssuance } from "./emission.js";
import { HALF32, u16ProportionU96, u96 } from "./fixed.js";
import { alphaIssuance, rootProportion, spotPriceU96 } from "./shares.js";
import { recordProtocolInflow } from "./taoflow.js";

/** One subnet's terms for this block, U96F32 raw bits. */
export interface SubnetTerms {
  readonly taoIn: bigint;
  readonly alphaIn: bigint;
  readonly alphaOut: bigint;
  readonly excessTao: bigint;
}

/**
 * `compute_subnet_emission_terms`: alpha_in = T / price, capped at root_proportion · alpha emission
 * (then tao_in = alpha_in · price); the rest of T is excess TAO for chain buys; alpha out = the subnet's
 * alpha emission at its current issuance.
 */
export function subnetEmissionTerms(
  s: State,
  emissions: ReadonlyMap<number, bigint>,
): Map<number, SubnetTerms> {
  const out = new Map<number, SubnetTerms>();
  for (const [netuid, tao] of emissions) {
    const alphaEmission = u96.fromInt(blockEmissionForIssuance(alphaIssuance(s, netuid)));
    const price = spotPriceU96(s, netuid);
    let taoIn = tao;
    let alphaIn = u96.divOr(tao, price, 0n);
    const cap = u96.mul(rootProportion(s, netuid), alphaEmission);
    if (alphaIn > cap) {
      alphaIn = cap;
      taoIn = u96.mul(alphaIn, price);
    }
    out.set(netuid, { taoIn, alphaIn, alphaOut: alphaEmission, excessTao: u96.sub(tao, taoIn) });
  }
  return out;
}

/** Minted TAO not yet spent this block. Spending raises TotalIssuance; what is left is never minted. */
export interface Credit {
  remaining: bigint;
}

function spend(s: State, credit: Credit, amount: bigint): boolean {
  if (amount <= 0n || credit.remaining < amount) return false;
  credit.remaining -= amount;
  TotalIssuance.update(s, (v) => v + amount);
  return true;
}

function refund(s: State, credit: Credit, amount: bigint): void {
  credit.remaining += amount;
  TotalIssuance.update(s, (v) => v - amount);
}

/** Removes alpha from issuance (`recycle_subnet_alpha`): SubnetAlphaOut decreases. */
export function recycleSubnetAlpha(s: State, netuid: number, amount: bigint): void {
  if (amount <= 0n) return;
  SubnetAlphaOut.update(s, netuid, (v) => (v > amount ? v - amount : 0n));
}

/**
 * Chain buys and liquidity injection for every emitting subnet, spending the block's credit.
 * The injection re-weights the pool (`injectLiquidity`) so that the spot price is unchanged.
 */
export function injectAndSwap(
  s: State,
  toEmit: readonly number[],
  terms: ReadonlyMap<number, SubnetTerms>,
  credit: Credit,
): void {
  for (const netuid of toEmit) {
    const t = terms.get(netuid);
    if (!t) continue;
    const taoIn = u96.toU64(t.taoIn);
    const alphaIn = u96.toU64(t.alphaIn);
    const excess = u96.toU64(t.excessTao);
    SubnetExcessTao.set(s, netuid, 0n);
    SubnetTaoInEmission.set(s, netuid, 0n);

    if (excess > 0n && spend(s, credit, excess)) {
      try {
        const bought = s.transaction(() => {
          const q = buyAlpha(s, netuid, excess, true);
          // As the reference's swap: no output for a non-zero input is an error (ReservesTooLow).
          if (q.out === 0n) throw new Error("ReservesTooLow");
          return q;
        });
        SubnetProtocolAlpha.update(s, netuid, (v) => v + bought.out);
        SubnetExcessTao.set(s, netuid, excess);
        recordProtocolInflow(s, netuid, excess);
        TotalStake.update(s, (v) => v + excess);
      } catch {
        // The pool cannot take the buy (reserves too low): the TAO goes back to the credit.
        refund(s, credit, excess);
      }
    }

    // Only TAO materialized from the credit is offered to the pool; the weights re-balance so the
    // injection does not move the price.
    const materialized = spend(s, credit, taoIn) ? taoIn : 0n;
    injectLiquidity(s, netuid, materialized, alphaIn);
    SubnetAlphaInEmission.set(s, netuid, alphaIn);
    if (materialized > 0n) {
      SubnetTaoInEmission.set(s, netuid, materialized);
      TotalStake.update(s, (v) => v + materialized);
      recordProtocolInflow(s, netuid, materialized);
    }
  }
}

/**
 * Mints each emitting subnet's alpha out and splits it: owner cut (if OwnerCutEnabled), then half to
 * miners, half to validators of which root_proportion is owed to root stake (accumulated only when
 * root selling is on, else recycled).
 */
export function emitAlphaOut(
  s: State,
  toEmit: readonly number[],
  terms: ReadonlyMap<number, SubnetTerms>,
  rootSell: boolean,
): void {
  const cutPercent = u16ProportionU96(SubnetOwnerCut.get(s));
  for (const netuid of toEmit) {
    const t = terms.get(netuid);
    if (!t) continue;
    let alphaOut = t.alphaOut;
    const created = u96.toU64(alphaOut);
    SubnetAlphaOutEmission.set(s, netuid, created);
    SubnetAlphaOut.update(s, netuid, (v) => v + created);

    if (OwnerCutEnabled.get(s, netuid)) {
      const cut = u96.mul(alphaOut, cutPercent);
      alphaOut = u96.sub(alphaOut, cut);
      PendingOwnerCut.update(s, netuid, (v) => v + u96.toU64(cut));
    }
    const rootAlpha = u96.mul(u96.mul(rootProportion(s, netuid), alphaOut), HALF32);
    const server = u96.mul(alphaOut, HALF32);
    const validators = u96.sub(u96.sub(alphaOut, server), rootAlpha);
    PendingServerEmission.update(s, netuid, (v) => v + u96.toU64(server));
    PendingValidatorEmission.update(s, netuid, (v) => v + u96.toU64(validators));
    if (rootSell) PendingRootAlphaDivs.update(s, netuid, (v) => v + u96.toU64(rootAlpha));
    else recycleSubnetAlpha(s, netuid, u96.toU64(rootAlpha));
  }
}

/** `emit_to_subnets`: terms, injection and chain buys, then alpha out. */
export function emitToSubnets(
  s: State,
  toEmit: readonly number[],
  emissions: ReadonlyMap<number, bigint>,
  credit: Credit,
  rootSell: boolean,
): Map<number, SubnetTerms> {
  const terms = subnetEmissionTerms(s, emissions);
  injectAndSwap(s, toEmit, terms, credit);
  emitAlphaOut(s, toEmit, terms, rootSell);
  return terms;
}
