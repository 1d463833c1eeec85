/**
 * Building, signing and submitting transactions; nonces handled for you.
 *
 * A `Signer` is anything with an address that signs bytes (a KeyPair from @taonet/chain works as is, and a
 * wallet can implement the interface). Each client keeps the next nonce of every signer it sent for and
 * hands nonces out one at a time, so concurrent sends from one signer get consecutive nonces without a
 * round trip each; the first send (and any send after a rejection) asks the node (`author_nextNonce`). A
 * send rejected as `Stale` (someone else used the nonce) is re-signed with a fresh nonce (up to 3 times).
 */
import { type Call, type KeyPair, type Receipt, sign, signingPayload } from "@taonet/chain";
import type { Client } from "../client.js";
import { DispatchError, InvalidArgumentError, TaonetError, TransactionRejectedError } from "../errors.js";
import { getNextNonce, parseReceipt } from "./public.js";

export interface Signer {
  /** SS58 address (prefix 42). */
  readonly address: string;
  /** sr25519 signature (64 bytes) of `payload`. */
  sign(payload: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

export type SignerLike = Signer | KeyPair;

export function toSigner(s: SignerLike): Signer {
  if ("sign" in s && typeof s.sign === "function") return s;
  const pair = s as KeyPair;
  return { address: pair.address, sign: (payload) => sign(pair, payload) };
}

export interface ChainEventRecord {
  readonly pallet: string;
  readonly name: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A transaction included in a block whose call succeeded. */
export interface TransactionReceipt {
  readonly hash: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  /** Position in the block. */
  readonly index: number;
  readonly signer: string;
  readonly nonce: number;
  /** module.method */
  readonly call: string;
  /** Fee paid, rao (tip included). */
  readonly fee: bigint;
  readonly events: readonly ChainEventRecord[];
}

export interface SendOptions {
  /** Extra fee to the block author, rao. */
  readonly tip?: bigint;
  /** Wait for inclusion at most this long, ms (the client's `inclusionTimeoutMs`). */
  readonly timeoutMs?: number;
  /** Use this nonce instead of the managed one. */
  readonly nonce?: number;
}

export interface SendTransactionParameters extends SendOptions {
  readonly signer: SignerLike;
  readonly call: Call;
}

/** JSON-safe call arguments: bigint → decimal string, bytes → 0x-hex (signed exactly as sent). */
export function wireValue(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString("hex")}`;
  if (Array.isArray(v)) return v.map(wireValue);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = wireValue(x);
    return out;
  }
  return v;
}

/** Next nonces by client, then signer address. */
const nonceCache = new WeakMap<Client, Map<string, number>>();
const cacheOf = (client: Client) => {
  let m = nonceCache.get(client);
  if (!m) {
    m = new Map();
    nonceCache.set(client, m);
  }
  return m;
};

/** Forgets the cached nonce of `address` (the next send asks the node). */
export function resetNonce(client: Client, address: string): void {
  cacheOf(client).delete(address);
}

/** Forgets every cached nonce of this client (after a dev revert, say). */
export function resetNonces(client: Client): void {
  nonceCache.delete(client);
}

async function reserveNonce(client: Client, address: string): Promise<number> {
  return client.serialize(`nonce:${address}`, async () => {
    const cache = cacheOf(client);
    let n = cache.get(address);
    if (n === undefined) n = await getNextNonce(client, address);
    cache.set(address, n + 1);
    return n;
  });
}

interface Signed {
  readonly signer: string;
  readonly nonce: number;
  readonly tip?: string;
  readonly call: Call;
  readonly signature: string;
}

async function signCall(
  client: Client,
  signer: Signer,
  call: Call,
  nonce: number,
  tip: bigint | undefined,
): Promise<Signed> {
  const { genesisHash } = await client.chain();
  const wireCall: Call = {
    module: call.module,
    method: call.method,
    args: wireValue(call.args) as Record<string, unknown>,
  };
  const payload = signingPayload(genesisHash, {
    signer: signer.address,
    nonce,
    call: wireCall,
    ...(tip === undefined ? {} : { tip }),
  });
  const sig = await signer.sign(payload);
  return {
    signer: signer.address,
    nonce,
    ...(tip === undefined ? {} : { tip: tip.toString() }),
    call: wireCall,
    signature: `0x${Buffer.from(sig).toString("hex")}`,
  };
}

interface SubmitResult {
  readonly hash: string;
  readonly status: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly index: number;
  readonly receipt: unknown;
}

/**
 * Signs `call`, submits it, waits for inclusion and returns the receipt. Throws a
 * `TransactionRejectedError` when the pool refuses it (nothing spent), a `TransactionDroppedError` when it
 * is dropped before inclusion, a `DispatchError` (with the reference's error name) when the call failed in
 * the block, a `TransportError` when the connection failed.
 */
export async function sendTransaction(
  client: Client,
  params: SendTransactionParameters,
): Promise<TransactionReceipt> {
  const signer = toSigner(params.signer);
  const timeoutMs = params.timeoutMs ?? client.inclusionTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    const managed = params.nonce === undefined;
    const nonce = managed ? await reserveNonce(client, signer.address) : (params.nonce as number);
    let res: SubmitResult;
    try {
      const tx = await signCall(client, signer, params.call, nonce, params.tip);
      res = await client.request<SubmitResult>(
        "author_submitTransaction",
        { tx, wait: "inclusion", timeoutMs },
        { retry: false, timeoutMs: timeoutMs + 10_000 },
      );
    } catch (err) {
      // anything but a dispatch failure leaves the nonce unused (or unknown): ask the node next time
      if (managed) resetNonce(client, signer.address);
      if (managed && attempt === 0 && err instanceof TransactionRejectedError && err.code === "Stale")
        continue;
      throw err;
    }
    const receipt: Receipt = parseReceipt(res.receipt);
    if (!receipt.success) {
      const e = receipt.error ?? { code: "Unknown", pallet: "System", message: "the call failed" };
      throw new DispatchError(e, {
        txHash: res.hash,
        blockNumber: res.blockNumber,
        call: `${params.call.module}.${params.call.method}`,
      });
    }
    return {
      hash: res.hash,
      blockNumber: res.blockNumber,
      blockHash: res.blockHash,
      index: res.index,
      signer: receipt.signer,
      nonce: receipt.nonce,
      call: receipt.call,
      fee: receipt.fee,
      events: receipt.events ?? [],
    };
  }
}

/** Signs and submits without waiting: returns the hash once the pool admitted it. */
export async function submitTransaction(
  client: Client,
  params: Omit<SendTransactionParameters, "timeoutMs">,
): Promise<{ hash: string }> {
  const signer = toSigner(params.signer);
  const managed = params.nonce === undefined;
  const nonce = managed ? await reserveNonce(client, signer.address) : (params.nonce as number);
  try {
    const tx = await signCall(client, signer, params.call, nonce, params.tip);
    const r = await client.request<{ hash: string }>(
      "author_submitTransaction",
      { tx, wait: "none" },
      { retry: false },
    );
    return { hash: r.hash };
  } catch (err) {
    if (managed) resetNonce(client, signer.address);
    throw err;
  }
}

/** The fee a call would pay now (weight + length + tip), rao. */
export async function estimateFee(
  client: Client,
  params: { signer: SignerLike; call: Call; tip?: bigint },
): Promise<bigint> {
  const signer = toSigner(params.signer);
  const nonce = await getNextNonce(client, signer.address);
  const tx = await signCall(client, signer, params.call, nonce, params.tip);
  const r = await client.request<{ fee: string }>("payment_queryFee", { tx });
  return BigInt(r.fee);
}

/** The events of a receipt with this name (e.g. "NeuronRegistered"). */
export function eventsNamed(receipt: TransactionReceipt, name: string): ChainEventRecord[] {
  return receipt.events.filter((e) => e.name === name);
}

/** @internal */
export function requireArg(cond: unknown, message: string, hint?: string): asserts cond {
  if (!cond) throw new InvalidArgumentError(message, hint);
}

export { TaonetError };
