/**
 * Typed errors. Every failure the SDK reports is a `TaonetError` with:
 * - `code`: a stable name — for chain failures the reference's error name (`SettingWeightsTooFast`,
 *   `NotEnoughBalanceToStake`, ...), for transaction validity the pool's reason (`Stale`, `Payment`, ...),
 *   for the transport `ConnectionClosed`, `RequestTimeout`, ...;
 * - `message`: what happened, in words (never a bare "Custom error: 3");
 * - `hint`: what to do about it, when there is something to do;
 * - `details`: structured context (for weights: rate limit remaining, commit-reveal state, permit, stake).
 *
 * Subclasses tell the layers apart: `TransportError` (the connection), `RpcError` (the node answered with a
 * JSON-RPC error), `TransactionRejectedError` / `TransactionDroppedError` (the transaction never made it
 * into a block), `DispatchError` (included in a block, but the call failed: fee and nonce are spent).
 */

export class TaonetError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    options: { hint?: string | undefined; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TaonetError";
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  /** One line for logs: `Code: message (hint)`. */
  override toString(): string {
    return `${this.name} ${this.code}: ${this.message}${this.hint ? ` — ${this.hint}` : ""}`;
  }
}

/** The connection failed, closed, or a request timed out. */
export type TransportErrorCode =
  | "ConnectionFailed"
  | "ConnectionClosed"
  | "ClientClosed"
  | "RequestTimeout"
  | "HttpError"
  | "BadResponse"
  | "SubscriptionsUnsupported"
  | "UpgradeRefused";

export class TransportError extends TaonetError {
  override readonly code: TransportErrorCode;
  constructor(
    code: TransportErrorCode,
    message: string,
    options: { hint?: string; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, { ...options, hint: options.hint ?? hintFor(code) });
    this.name = "TransportError";
    this.code = code;
  }
}

/** The node's JSON-RPC error codes (docs/rpc.md). */
export const RpcErrorKind: Readonly<Record<number, string>> = {
  [-32700]: "ParseError",
  [-32600]: "InvalidRequest",
  [-32601]: "MethodNotFound",
  [-32602]: "InvalidParams",
  [-32603]: "InternalError",
  [-32010]: "TransactionRejected",
  [-32011]: "TransactionDropped",
  [-32012]: "NotFound",
  [-32013]: "StateUnavailable",
  [-32014]: "Timeout",
  [-32015]: "TooLarge",
  [-32016]: "TooManyConnections",
  [-32017]: "ShuttingDown",
  [-32018]: "DevError",
};

/** A JSON-RPC error object as the node sends it. */
export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: { readonly name?: string } & Record<string, unknown>;
}

/** The node answered a request with an error. `code` is `data.name` (the precise reason). */
export class RpcError extends TaonetError {
  /** The JSON-RPC error code (e.g. -32012). */
  readonly rpcCode: number;
  /** The kind of failure for that code (e.g. "NotFound"). */
  readonly kind: string;
  readonly method: string;

  constructor(method: string, error: RpcErrorObject, hint?: string) {
    const kind = RpcErrorKind[error.code] ?? "RpcError";
    const name = typeof error.data?.name === "string" ? error.data.name : kind;
    super(name, `${method}: ${error.message}`, {
      hint: hint ?? hintFor(name),
      details: { ...(error.data ?? {}), rpcCode: error.code },
    });
    this.name = "RpcError";
    this.rpcCode = error.code;
    this.kind = kind;
    this.method = method;
  }
}

/** Not admitted to the pool (BadProof, Stale, Future, Payment, Call, ...): nothing was spent. */
export class TransactionRejectedError extends RpcError {
  constructor(method: string, error: RpcErrorObject) {
    super(method, error);
    this.name = "TransactionRejectedError";
  }
}

/** Admitted, then dropped before inclusion (or waiting for inclusion timed out). */
export class TransactionDroppedError extends RpcError {
  constructor(method: string, error: RpcErrorObject) {
    super(method, error);
    this.name = "TransactionDroppedError";
  }
}

/** Included in a block, but the call failed (the chain's dispatch error). The fee and nonce are spent. */
export class DispatchError extends TaonetError {
  readonly pallet: string;
  /** The transaction's hash and where it landed. */
  readonly txHash: string;
  readonly blockNumber: number;
  /** module.method */
  readonly call: string;
  /** The chain's own message (without the SDK's prefix). */
  readonly chainMessage: string;

  constructor(
    e: { code: string; pallet: string; message: string },
    where: { txHash: string; blockNumber: number; call: string },
    context: { hint?: string; details?: Record<string, unknown> } = {},
  ) {
    super(e.code, `${where.call} failed in block ${where.blockNumber}: ${e.message}`, {
      hint: context.hint ?? hintFor(e.code),
      details: { pallet: e.pallet, ...where, ...(context.details ?? {}) },
    });
    this.name = "DispatchError";
    this.pallet = e.pallet;
    this.txHash = where.txHash;
    this.blockNumber = where.blockNumber;
    this.call = where.call;
    this.chainMessage = e.message;
  }
}

/** Bad input caught before anything was signed or sent. */
export class InvalidArgumentError extends TaonetError {
  constructor(message: string, hint?: string) {
    super("InvalidArgument", message, hint === undefined ? {} : { hint });
    this.name = "InvalidArgumentError";
  }
}

/**
 * What to do about an error, by its reference name. The chain's own messages already say what went
 * wrong with the numbers involved; the hints say what to do next.
 */
const HINTS: Readonly<Record<string, string>> = {
  // pool validity
  BadProof: "the signature does not verify: sign with the key of `signer` for this chain (genesis hash)",
  Stale: "the nonce was already used: let the SDK pick the nonce (it queries author_nextNonce)",
  Future: "the nonce is ahead of the account's next nonce: a previous transaction is missing",
  Payment: "the account cannot pay the transaction fee: fund it first",
  Call: "the node does not know this call or its arguments are invalid (check module, method and args)",
  ExhaustsResources: "the transaction is too large for a block",
  AlreadyImported: "this exact transaction is already in the pool or a block",
  TooLowPriority: "a transaction with the same nonce is in the pool: raise the tip to replace it",
  PoolFull: "the node's pool is full: retry later or raise the tip",
  Replaced: "another transaction with the same nonce and a higher tip replaced it",
  Evicted: "the pool evicted it (full, low priority): send it again",
  // RPC
  StatePruned:
    "the node no longer keeps the state of that block: query a recent block or run an --archive node",
  UnknownBlock: "no such block yet: check the number or hash against chain_getHead",
  SubnetNotExists: "no subnet with this netuid: list subnets with getSubnets()",
  SubnetDoesNotExist: "no subnet with this netuid: list subnets with getSubnets()",
  TooManyConnections: "the node's connection limit is reached: share one client per process",
  ShuttingDown: "the node is stopping: the client reconnects when it is back",
  RequestTimeout: "the node did not answer in time: raise timeoutMs or check the node",
  Timeout:
    "waiting for inclusion timed out; the transaction may still be included: check getTransaction(hash)",
  // balances and staking
  NotEnoughBalanceToStake: "the coldkey's free balance is below the amount: lower the amount or fund it",
  InsufficientBalance: "the free balance is too low for this amount plus fees",
  FundsUnavailable: "the free balance is too low for this amount plus fees",
  NotEnoughStakeToWithdraw:
    "you have less stake on this hotkey and subnet than requested: check getStakeInfo",
  AmountTooLow: "the amount is below the chain's minimum stake",
  SlippageTooHigh: "the price moved past your limit: quote again, raise limitPrice, or allow partial fills",
  PriceLimitExceeded: "the pool price is already past your limit price: quote again and set a new limit",
  ZeroMaxStakeAmount: "no amount can be swapped within your limit price at the current pool price",
  InsufficientLiquidity: "the pool's reserve is too low for this amount: try a smaller one",
  HotKeyAccountNotExists: "the hotkey is not registered anywhere: register it first",
  TransferDisallowed: "the subnet owner disabled stake transfers on this subnet",
  StakingRateLimitExceeded: "too many stake operations: wait a block",
  SubtokenDisabled: "the subnet has not started: its owner must call startCall first",
  // registration
  TooManyRegistrationsThisBlock: "the subnet's registrations per block are exhausted: retry next block",
  TooManyRegistrationsThisInterval: "the subnet's registrations per interval are exhausted: retry later",
  HotKeyAlreadyRegisteredInSubNet: "this hotkey is already registered on the subnet",
  RegistrationPriceLimitExceeded: "the burn rose above your limit: read getRegistrationCost and retry",
  NotEnoughBalanceToPayRegistrationCost:
    "the coldkey cannot pay the burn: read getRegistrationCost and fund it",
  SubNetRegistrationDisabled: "registration is disabled on this subnet",
  NetworkTxRateLimitExceeded: "subnets can only be registered every NetworkRateLimit blocks: wait",
  NotEnoughBalanceToRegisterSubnet: "the coldkey cannot pay the lock cost: read getLockCost and fund it",
  HotKeyNotRegisteredInNetwork: "sign with a hotkey registered on this subnet",
  HotKeyNotRegisteredInSubNet: "register the hotkey on this subnet first (burnedRegister)",
  // weights
  SettingWeightsTooFast:
    "wait for the weights rate limit (details.blocksRemaining) before setting weights again",
  CommittingWeightsTooFast:
    "wait for the weights rate limit (details.blocksRemaining) before committing again",
  CommitRevealEnabled:
    "this subnet uses commit-reveal: use commitWeights then revealWeights (or commitTimelockedWeights)",
  CommitRevealDisabled: "this subnet does not use commit-reveal: use setWeights",
  NeuronNoValidatorPermit:
    "only validators (top stake, permit given at an epoch) may weight others; stake more and wait for the next epoch",
  NotEnoughStakeToSetWeights: "the hotkey's stake is below the StakeThreshold: stake to it first",
  IncorrectWeightVersionKey: "the subnet requires a newer weights version key: update your validator",
  WeightVecLengthIsLow: "set weights on at least min_allowed_weights uids",
  UidVecContainInvalidOne: "a uid in the weights is not registered: re-read the metagraph",
  WeightVecNotEqualSize: "give exactly one weight per uid",
  DuplicateUids: "each uid may appear once",
  NoWeightsCommitFound:
    "nothing to reveal: commit first (and reveal with the same uids, values, salt, version)",
  InvalidRevealCommitHashNotMatch:
    "the reveal does not match the commit: same uids, values, salt and version key",
  RevealTooEarly: "wait for the reveal epoch (commit_reveal_period epochs after the commit)",
  ExpiredWeightCommit: "the reveal window passed: commit again",
  TooManyUnrevealedCommits: "reveal your pending commits first",
  // admin
  BadOrigin: "only the subnet owner (or root via sudo) may do this",
  RequireSudo: "only the sudo key may dispatch root calls",
  TxRateLimitExceeded: "owners may change each hyperparameter once per OwnerHyperparamRateLimit tempos: wait",
  AdminActionProhibitedDuringWeightsWindow:
    "hyperparameters are frozen in the last AdminFreezeWindow blocks before the epoch: wait for the epoch",
  ValueNotInBounds: "the value is outside the bounds the chain allows for this hyperparameter",
  // transport
  ConnectionFailed: "is the node running at this URL? the client keeps retrying with backoff",
  ConnectionClosed: "the connection dropped; the client reconnects by itself — retry the request",
  ClientClosed: "the client was closed: create a new one",
};

export function hintFor(code: string): string | undefined {
  return HINTS[code];
}

/** Wraps a JSON-RPC error object into the right class. */
export function rpcErrorOf(method: string, error: RpcErrorObject): RpcError {
  if (error.code === -32010) return new TransactionRejectedError(method, error);
  if (error.code === -32011 || error.code === -32014) return new TransactionDroppedError(method, error);
  return new RpcError(method, error);
}
