/**
 * The state transition: `applyBlock(spec, state, header, transactions)` → a new state (the input state is
 * left unchanged: it is forked), the receipts of the included transactions, the events, and the state
 * root. Deterministic: no clock, randomness, network or disk; time comes from the header.
 */
import { blake2b256 } from "./crypto.js";
import { ChainError, InvalidTransaction } from "./errors.js";
import { deposit, withdraw } from "./pallets/balances.js";
import { findCall, pallets } from "./runtime.js";
import type { State } from "./state/state.js";
import { Account, Number_, ParentHash, SudoKey } from "./storage.js";
import { type Call, checkSignature, encodeTransaction, type SignedTransaction } from "./tx.js";
import type { BlockContext, BlockHeader, CallContext, ChainEvent, ChainSpec, Origin } from "./types.js";

export interface DispatchError {
  readonly code: string;
  readonly pallet: string;
  readonly message: string;
}

export interface Receipt {
  readonly hash: string;
  readonly index: number;
  readonly signer: string;
  readonly nonce: number;
  readonly call: string;
  /** Fee paid to the block author (rao), tip included. */
  readonly fee: bigint;
  readonly success: boolean;
  readonly error?: DispatchError;
  readonly events: ChainEvent[];
}

export interface RejectedTransaction {
  readonly hash: string;
  readonly index: number;
  readonly error: DispatchError;
}

export interface BlockResult {
  readonly state: State;
  readonly receipts: Receipt[];
  /** Transactions that could not enter the block (bad signature, nonce, fee, unknown call): no effect. */
  readonly rejected: RejectedTransaction[];
  /** Events of the block hooks (before the transactions), then of each successful transaction. */
  readonly events: ChainEvent[];
  readonly stateRoot: string;
}

export interface ApplyOptions {
  /** The engine already verified these signatures (at admission): skip the check. */
  readonly signaturesVerified?: boolean;
}

const errorOf = (err: unknown): DispatchError =>
  err instanceof ChainError
    ? { code: err.code, pallet: err.pallet, message: err.message }
    : { code: "Other", pallet: "System", message: err instanceof Error ? err.message : String(err) };

/** The fee of a transaction: weight fee + length fee + tip, or just the tip for free calls. */
export function transactionFee(spec: ChainSpec, tx: SignedTransaction, encodedLength?: number): bigint {
  const call = findCall(tx.call.module, tx.call.method);
  const tip = tx.tip ?? 0n;
  // Sudo and Pays::No calls cost only their tip.
  if (!call?.pays) return tip;
  const len = BigInt(encodedLength ?? encodeTransaction(tx).length);
  return (call.weight * spec.params.feePerWeightPer10M) / 10_000_000n + len * spec.params.feePerByte + tip;
}

/** Applies a call (or `sudo.sudo` wrapping one) to a context: origin check, argument validation, the call. */
export function dispatch(ctx: CallContext, call: Call): void {
  if (call.module === "sudo" && call.method === "sudo") {
    const who = ctx.origin.kind === "signed" ? ctx.origin.who : undefined;
    const sudo = SudoKey.get(ctx.state);
    if (who === undefined || sudo === null || who !== sudo) {
      throw new ChainError("RequireSudo", "only the sudo key may dispatch root calls", "Sudo");
    }
    const inner = (call.args as { call?: Call }).call;
    if (!inner || typeof inner !== "object")
      throw new ChainError("InvalidArguments", "sudo needs args.call", "Sudo");
    const root: CallContext = { ...ctx, origin: { kind: "root" } };
    dispatch(root, inner);
    ctx.emit({ pallet: "Sudo", name: "Sudid", data: { call: `${inner.module}.${inner.method}` } });
    return;
  }
  const def = findCall(call.module, call.method);
  if (!def) throw new ChainError("CallUnknown", `no call ${call.module}.${call.method}`, "System");
  if (def.origin === "root" && ctx.origin.kind !== "root") {
    throw new ChainError(
      "BadOrigin",
      `${call.module}.${call.method} is root-only: send it through sudo.sudo`,
      "System",
    );
  }
  if (def.origin === "signed" && ctx.origin.kind !== "signed") {
    throw new ChainError("BadOrigin", `${call.module}.${call.method} needs a signed origin`, "System");
  }
  const parsed = def.args.safeParse(call.args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new ChainError(
      "InvalidArguments",
      `${call.module}.${call.method}: ${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}`,
      "System",
    );
  }
  def.apply(ctx, parsed.data);
}

function isKnownCall(call: Call): boolean {
  if (call.module === "sudo") return call.method === "sudo";
  return findCall(call.module, call.method) !== undefined;
}

export function applyBlock(
  spec: ChainSpec,
  parent: State,
  header: BlockHeader,
  transactions: readonly SignedTransaction[],
  options: ApplyOptions = {},
): BlockResult {
  const expected = Number_.get(parent) + 1;
  if (header.number !== expected) {
    throw new ChainError(
      "InvalidBlockNumber",
      `block ${header.number} does not follow block ${expected - 1}`,
      "System",
    );
  }
  const state = parent.fork();
  Number_.set(state, header.number);
  ParentHash.set(state, header.parentHash);
  const events: ChainEvent[] = [];
  const blockCtx: BlockContext = { state, spec, header, emit: (e) => events.push(e) };
  for (const p of pallets) p.onInitialize?.(blockCtx);

  const receipts: Receipt[] = [];
  const rejected: RejectedTransaction[] = [];
  let fees = 0n;
  transactions.forEach((tx, index) => {
    const bytes = encodeTransaction(tx);
    const hash = `0x${Buffer.from(blake2b256(bytes)).toString("hex")}`;
    try {
      if (!options.signaturesVerified) checkSignature(spec.genesisHash, tx);
      if (!isKnownCall(tx.call))
        throw new InvalidTransaction("Call", `no call ${tx.call.module}.${tx.call.method}`);
      const account = Account.get(state, tx.signer);
      if (tx.nonce < account.nonce)
        throw new InvalidTransaction(
          "Stale",
          `nonce ${tx.nonce} was already used (next is ${account.nonce})`,
        );
      if (tx.nonce > account.nonce)
        throw new InvalidTransaction(
          "Future",
          `nonce ${tx.nonce} is ahead of the account's next nonce ${account.nonce}`,
        );
      const fee = transactionFee(spec, tx, bytes.length);
      try {
        // Free calls (weights, serving) need no balance: hotkeys usually hold no TAO.
        if (fee > 0n) withdraw(state, spec, tx.signer, fee, "keepAlive");
      } catch {
        throw new InvalidTransaction(
          "Payment",
          `${tx.signer} cannot pay the fee of ${fee} rao and keep the existential deposit`,
        );
      }
      const after = Account.get(state, tx.signer);
      Account.set(state, tx.signer, { nonce: after.nonce + 1, free: after.free });
      fees += fee;
      const txEvents: ChainEvent[] = [];
      const origin: Origin = { kind: "signed", who: tx.signer };
      const ctx: CallContext = { state, spec, header, origin, emit: (e) => txEvents.push(e) };
      const call = `${tx.call.module}.${tx.call.method}`;
      try {
        state.transaction(() => dispatch(ctx, tx.call));
        events.push(...txEvents);
        receipts.push({
          hash,
          index,
          signer: tx.signer,
          nonce: tx.nonce,
          call,
          fee,
          success: true,
          events: txEvents,
        });
      } catch (err) {
        const error = errorOf(err);
        const failed: ChainEvent = { pallet: "System", name: "ExtrinsicFailed", data: { hash, ...error } };
        events.push(failed);
        receipts.push({
          hash,
          index,
          signer: tx.signer,
          nonce: tx.nonce,
          call,
          fee,
          success: false,
          error,
          events: [failed],
        });
      }
    } catch (err) {
      rejected.push({ hash, index, error: errorOf(err) });
    }
  });
  // Fees go to the author (a deposit below the ED to a new account is recycled).
  if (fees > 0n) deposit(state, spec, header.author, fees);
  return { state, receipts, rejected, events, stateRoot: state.root() };
}
