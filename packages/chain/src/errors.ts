/**
 * Errors with the reference's names (`SettingWeightsTooFast`, `NotEnoughBalanceToStake`, ...) and a
 * message that says what to do. A dispatch error rolls the call back; the transaction's fee and nonce
 * stay paid. Validity errors (bad signature, nonce, fee) reject the transaction with no change at all.
 */
export class ChainError extends Error {
  /** The reference's error name: a stable code. */
  readonly code: string;
  /** The pallet that defines it (SubtensorModule, Balances, AdminUtils, Swap, System). */
  readonly pallet: string;

  constructor(code: string, message: string, pallet = "SubtensorModule") {
    super(message);
    this.name = "ChainError";
    this.code = code;
    this.pallet = pallet;
  }
}

/** A transaction that may not enter a block at all (Substrate's InvalidTransaction). */
export class InvalidTransaction extends ChainError {
  constructor(
    code: "BadSignature" | "Stale" | "Future" | "Payment" | "BadProof" | "Call" | "BadSigner",
    message: string,
  ) {
    super(code, message, "System");
    this.name = "InvalidTransaction";
  }
}

export function fail(code: string, message: string, pallet?: string): never {
  throw new ChainError(code, message, pallet);
}

export function ensure(
  condition: unknown,
  code: string,
  message: string,
  pallet?: string,
): asserts condition {
  if (!condition) throw new ChainError(code, message, pallet);
}
