/** Blocks as the node stores and serves them: the chain's header plus roots, hash, transactions, receipts. */
import {
  type BlockHeader,
  blake2b256,
  type ChainEvent,
  encode,
  type Receipt,
  type SignedTransaction,
  transactionHash,
} from "@taonet/chain";

export interface SealedHeader extends BlockHeader {
  /** The state root after the block. */
  readonly stateRoot: string;
  /** blake2b-256 of the canonical encoding of the list of transaction hashes. */
  readonly extrinsicsRoot: string;
}

export interface Block {
  readonly header: SealedHeader;
  /** blake2b-256 of the canonical encoding of the sealed header. */
  readonly hash: string;
  /** The included transactions, in order (transactions rejected while building are not part of it). */
  readonly transactions: readonly SignedTransaction[];
  /** One per transaction, same order; `index` is the position in `transactions`. */
  readonly receipts: readonly Receipt[];
  /** Events of the block hooks, then of each transaction (as applyBlock returns them). */
  readonly events: readonly ChainEvent[];
}

export const ZERO_HASH = `0x${"00".repeat(32)}`;

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;

export function extrinsicsRoot(txs: readonly SignedTransaction[]): string {
  return extrinsicsRootOf(txs.map(transactionHash));
}

/** The extrinsics root from the transaction hashes. */
export function extrinsicsRootOf(hashes: readonly string[]): string {
  return hex(blake2b256(encode(hashes)));
}

export function headerHash(h: SealedHeader): string {
  return hex(
    blake2b256(
      encode({
        number: h.number,
        parentHash: h.parentHash,
        author: h.author,
        timestamp: h.timestamp,
        stateRoot: h.stateRoot,
        extrinsicsRoot: h.extrinsicsRoot,
      }),
    ),
  );
}
