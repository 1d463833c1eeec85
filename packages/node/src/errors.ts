/**
 * Errors of the node, each with a stable JSON-RPC code and a stable name (for transactions: the
 * reference's `InvalidTransaction` / dispatch error names, e.g. `BadProof`, `Stale`, `Payment`).
 *
 * JSON-RPC codes: the standard -32700 … -32603, and taonet's server range -32000 … -32099 (one code per
 * kind of failure, listed in docs/rpc.md). The `data` of an error is `{ name, ...details }`.
 */
export const RpcCode = {
  /** Malformed JSON. */
  ParseError: -32700,
  /** Not a JSON-RPC 2.0 request object (or an empty batch). */
  InvalidRequest: -32600,
  /** No such method (dev methods are absent outside the dev preset). */
  MethodNotFound: -32601,
  /** Parameters do not match the method's schema. */
  InvalidParams: -32602,
  /** A bug in the node: reported, and the node keeps serving. */
  InternalError: -32603,
  /** The transaction was not admitted to the pool (signature, nonce, fee, size, pool full...). */
  TransactionRejected: -32010,
  /** The transaction was admitted but dropped when a block was built (e.g. it could no longer pay). */
  TransactionDropped: -32011,
  /** No block, transaction or subnet with that number, hash or id. */
  NotFound: -32012,
  /** The state at that block was pruned (outside the kept window; run with --archive to keep all). */
  StateUnavailable: -32013,
  /** Waiting for inclusion timed out (the transaction may still be included later). */
  Timeout: -32014,
  /** A request body, WebSocket message or batch exceeds the node's limits. */
  TooLarge: -32015,
  /** Too many connections or subscriptions. */
  TooManyConnections: -32016,
  /** The node is shutting down. */
  ShuttingDown: -32017,
  /** A dev method failed (e.g. revert to an unknown snapshot). */
  DevError: -32018,
} as const;
export type RpcCodeValue = (typeof RpcCode)[keyof typeof RpcCode];

export class NodeError extends Error {
  /** Stable name (for transactions: the reference's error name). */
  readonly code: string;
  readonly rpcCode: RpcCodeValue;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    rpcCode: RpcCodeValue,
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "NodeError";
    this.code = code;
    this.rpcCode = rpcCode;
    this.details = details;
  }
}

/** A transaction refused at admission; `code` is the reference's name (BadProof, Stale, Future, Payment...). */
export class TransactionRejected extends NodeError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(RpcCode.TransactionRejected, code, message, details);
    this.name = "TransactionRejected";
  }
}
