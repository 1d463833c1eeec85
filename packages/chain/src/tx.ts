/**
 * Transactions: a call, signed by an account over a canonical payload that includes the chain's genesis
 * hash (so a transaction cannot be replayed on another chain) and the signer's nonce (so it cannot be
 * replayed on this one).
 */
import { z } from "zod";
import { type AccountId, blake2b256, isAddress, type KeyPair, sign, verify } from "./crypto.js";
import { InvalidTransaction } from "./errors.js";
import { encode } from "./state/encode.js";

export interface Call {
  /** balances | subtensor | adminUtils | sudo */
  readonly module: string;
  readonly method: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface UnsignedTransaction {
  readonly signer: AccountId;
  readonly nonce: number;
  readonly call: Call;
  /** Extra fee to the author (rao); 0 when absent. */
  readonly tip?: bigint;
}

export interface SignedTransaction extends UnsignedTransaction {
  /** 64-byte sr25519 signature, hex with 0x. */
  readonly signature: string;
}

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString("hex")}`;
const unhex = (s: string) => new Uint8Array(Buffer.from(s.startsWith("0x") ? s.slice(2) : s, "hex"));

/** The bytes that are signed. */
export function signingPayload(genesisHash: string, tx: UnsignedTransaction): Uint8Array {
  return encode({ chain: genesisHash, signer: tx.signer, nonce: tx.nonce, tip: tx.tip ?? 0n, call: tx.call });
}

export function signTransaction(
  genesisHash: string,
  pair: KeyPair,
  tx: Omit<UnsignedTransaction, "signer">,
): SignedTransaction {
  const unsigned: UnsignedTransaction = { ...tx, signer: pair.address };
  return { ...unsigned, signature: hex(sign(pair, signingPayload(genesisHash, unsigned))) };
}

/** The encoded transaction: its length pays the length fee; its hash identifies it. */
export function encodeTransaction(tx: SignedTransaction): Uint8Array {
  return encode({
    signer: tx.signer,
    nonce: tx.nonce,
    tip: tx.tip ?? 0n,
    call: tx.call,
    signature: tx.signature,
  });
}

export function transactionHash(tx: SignedTransaction): string {
  return hex(blake2b256(encodeTransaction(tx)));
}

/** Throws `InvalidTransaction("BadProof")` when the signature does not verify. */
export function checkSignature(genesisHash: string, tx: SignedTransaction): void {
  const sig = /^0x[0-9a-fA-F]{128}$/.test(tx.signature) ? unhex(tx.signature) : new Uint8Array(0);
  if (!verify(tx.signer, signingPayload(genesisHash, tx), sig)) {
    throw new InvalidTransaction(
      "BadProof",
      `the signature of ${tx.signer} does not verify for this chain and payload`,
    );
  }
}

/** Shape of a transaction received from outside (JSON): amounts may be decimal strings. */
export const signedTransactionSchema = z.object({
  signer: z.string().refine(isAddress, "expected an SS58 address (prefix 42)"),
  nonce: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  tip: z
    .union([z.bigint(), z.string().regex(/^\d+$/), z.number().int().min(0)])
    .transform((v) => BigInt(v))
    .optional(),
  call: z.object({ module: z.string(), method: z.string(), args: z.record(z.string(), z.unknown()) }),
  signature: z.string(),
});
