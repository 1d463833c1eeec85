/**
 * Balances: free balances in rao with an existential deposit (ED). An account whose free balance would
 * fall below the ED is reaped (its dust is recycled: TotalIssuance decreases); a new account must
 * receive at least the ED. Calls: transfer_allow_death, transfer_keep_alive, transfer_all.
 */
import { z } from "zod";
import { address, signer } from "../args.js";
import type { AccountId } from "../crypto.js";
import { ensure, fail } from "../errors.js";
import type { State } from "../state/state.js";
import { Account, TotalIssuance } from "../storage.js";
import type { CallContext, ChainSpec, Pallet } from "../types.js";

const rao = z
  .union([z.bigint(), z.string().regex(/^\d+$/, "expected rao as decimal digits"), z.number().int().min(0)])
  .transform((v) => BigInt(v));

export function freeBalance(s: State, who: AccountId): bigint {
  return Account.get(s, who).free;
}

/**
 * Adds to an account's free balance. A new account below the ED is not created: the amount is
 * recycled instead (as the reference drops a deposit below the ED), and false is returned.
 */
export function deposit(s: State, spec: ChainSpec, who: AccountId, amount: bigint): boolean {
  if (amount === 0n) return true;
  const acc = Account.get(s, who);
  if (acc.free === 0n && acc.nonce === 0 && amount < spec.params.existentialDeposit) {
    TotalIssuance.update(s, (v) => v - amount);
    return false;
  }
  Account.set(s, who, { nonce: acc.nonce, free: acc.free + amount });
  return true;
}

export type Existence = "keepAlive" | "allowDeath";

/**
 * Takes `amount` from an account. With keepAlive the rest must stay >= ED (`Expendability`); with
 * allowDeath a rest below the ED reaps the account and recycles the dust.
 */
export function withdraw(
  s: State,
  spec: ChainSpec,
  who: AccountId,
  amount: bigint,
  existence: Existence,
): void {
  const acc = Account.get(s, who);
  ensure(
    acc.free >= amount,
    "InsufficientBalance",
    `${who} has ${acc.free} rao free, ${amount} needed`,
    "Balances",
  );
  const rest = acc.free - amount;
  const ed = spec.params.existentialDeposit;
  if (rest < ed && rest > 0n) {
    if (existence === "keepAlive") {
      fail(
        "Expendability",
        `this would leave ${rest} rao, below the existential deposit of ${ed}; use transfer_allow_death or send less`,
        "Balances",
      );
    }
    TotalIssuance.update(s, (v) => v - rest); // dust recycled with the reaped account
    Account.remove(s, who);
    return;
  }
  if (rest === 0n && existence === "keepAlive") {
    fail(
      "Expendability",
      `this would empty ${who}; use transfer_allow_death to close an account`,
      "Balances",
    );
  }
  if (rest === 0n) Account.remove(s, who);
  else Account.set(s, who, { nonce: acc.nonce, free: rest });
}

/** Moves free balance between accounts with the reference's ED rules. */
export function transfer(
  ctx: CallContext,
  from: AccountId,
  to: AccountId,
  amount: bigint,
  existence: Existence,
): void {
  const { state: s, spec } = ctx;
  if (amount === 0n || from === to) {
    ensure(
      freeBalance(s, from) >= amount,
      "InsufficientBalance",
      `${from} cannot send ${amount} rao`,
      "Balances",
    );
    return;
  }
  const dest = Account.get(s, to);
  ensure(
    dest.free + amount >= spec.params.existentialDeposit,
    "ExistentialDeposit",
    `a new account needs at least ${spec.params.existentialDeposit} rao (the existential deposit); send more`,
    "Balances",
  );
  withdraw(s, spec, from, amount, existence);
  Account.set(s, to, { nonce: dest.nonce, free: dest.free + amount });
  ctx.emit({ pallet: "Balances", name: "Transfer", data: { from, to, amount } });
}

export const balancesPallet: Pallet = {
  name: "balances",
  calls: {
    transfer_allow_death: {
      args: z.object({ dest: address, value: rao }),
      origin: "signed",
      pays: true,
      weight: 200_000_000n,
      apply: (ctx, a: { dest: AccountId; value: bigint }) =>
        transfer(ctx, signer(ctx), a.dest, a.value, "allowDeath"),
    },
    transfer_keep_alive: {
      args: z.object({ dest: address, value: rao }),
      origin: "signed",
      pays: true,
      weight: 200_000_000n,
      apply: (ctx, a: { dest: AccountId; value: bigint }) =>
        transfer(ctx, signer(ctx), a.dest, a.value, "keepAlive"),
    },
    transfer_all: {
      args: z.object({ dest: address, keep_alive: z.boolean() }),
      origin: "signed",
      pays: true,
      weight: 200_000_000n,
      apply: (ctx, a: { dest: AccountId; keep_alive: boolean }) => {
        const from = signer(ctx);
        const free = freeBalance(ctx.state, from);
        const amount = a.keep_alive ? free - ctx.spec.params.existentialDeposit : free;
        if (amount > 0n) transfer(ctx, from, a.dest, amount, a.keep_alive ? "keepAlive" : "allowDeath");
      },
    },
    /** Root-only: sets an account's free balance (issuance adjusted), as `force_set_balance`. */
    force_set_balance: {
      args: z.object({ who: address, new_free: rao }),
      origin: "root",
      pays: false,
      weight: 100_000_000n,
      apply: (ctx, a: { who: AccountId; new_free: bigint }) => {
        const acc = Account.get(ctx.state, a.who);
        TotalIssuance.update(ctx.state, (v) => v - acc.free + a.new_free);
        if (a.new_free === 0n) Account.remove(ctx.state, a.who);
        else Account.set(ctx.state, a.who, { nonce: acc.nonce, free: a.new_free });
        ctx.emit({ pallet: "Balances", name: "BalanceSet", data: { who: a.who, free: a.new_free } });
      },
    },
  },
  genesis(state, _spec, config) {
    let total = 0n;
    for (const [who, free] of config.balances) {
      Account.set(state, who, { nonce: 0, free: Account.get(state, who).free + free });
      total += free;
    }
    TotalIssuance.update(state, (v) => v + total);
  },
};
