/**
 * Keys and signatures: sr25519 (the Bittensor wallet default) and SS58 addresses with prefix 42.
 * Key derivation and signing use @polkadot/util-crypto (the reference's own family of libraries, so a
 * Bittensor mnemonic gives the same address); verification, the hot path, uses the schnorrkel crate
 * compiled to WASM by @polkadot-labs/schnorrkel-wasm (8 300/s on one core here, against 4 000/s for
 * @polkadot/wasm-crypto and ~350/s for the pure-JS verifier).
 */
import {
  blake2AsU8a,
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
  sr25519Sign,
} from "@polkadot/util-crypto";
import { waitReady } from "@polkadot/wasm-crypto";
import { sr25519_verify as schnorrkelVerify } from "@polkadot-labs/schnorrkel-wasm";

/** An account: its SS58 address (prefix 42). Coldkeys and hotkeys alike. */
export type AccountId = string;

export const SS58_PREFIX = 42;
/** The development mnemonic Substrate derives //Alice, //Bob, ... from. */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

export interface KeyPair {
  readonly address: AccountId;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

let ready: Promise<void> | undefined;

/** Loads the WASM crypto once; call before verifying signatures or deriving keys. */
export function cryptoReady(): Promise<void> {
  ready ??= Promise.all([cryptoWaitReady(), waitReady()]).then(() => undefined);
  return ready;
}

/** A key pair from a secret URI: a mnemonic, a mnemonic with //hard/soft derivations, or "//Alice". */
export function keyPairFromUri(uri: string): KeyPair {
  const { phrase, path, password } = keyExtractSuri(uri.startsWith("//") ? `${DEV_PHRASE}${uri}` : uri);
  const seed = mnemonicToMiniSecret(phrase, password ?? "");
  const pair = keyFromPath(sr25519PairFromSeed(seed), path, "sr25519");
  return {
    address: encodeAddress(pair.publicKey, SS58_PREFIX),
    publicKey: pair.publicKey,
    secretKey: pair.secretKey,
  };
}

export function addressOf(publicKey: Uint8Array): AccountId {
  return encodeAddress(publicKey, SS58_PREFIX);
}

/**
 * Decoded addresses, memoized: SS58 decoding (base58 + a blake2b-512 checksum) costs more than the rest
 * of a transfer. Bounded: cleared when it grows past 200 000 entries.
 */
const decoded = new Map<string, Uint8Array | null>();

function decodeMemo(address: string): Uint8Array | null {
  let key = decoded.get(address);
  if (key === undefined) {
    try {
      const pk = decodeAddress(address, false, SS58_PREFIX);
      key = encodeAddress(pk, SS58_PREFIX) === address ? pk : null;
    } catch {
      key = null;
    }
    if (decoded.size >= 200_000) decoded.clear();
    decoded.set(address, key);
  }
  return key;
}

/** The 32-byte public key of an address; throws on a malformed address. */
export function publicKeyOf(address: AccountId): Uint8Array {
  const key = decodeMemo(address);
  if (!key) throw new Error(`not an SS58 address with prefix ${SS58_PREFIX}: ${address}`);
  return key;
}

/** True when `address` is a well-formed SS58 address with prefix 42 (in its canonical form). */
export function isAddress(address: string): boolean {
  return typeof address === "string" && decodeMemo(address) !== null;
}

export function sign(pair: KeyPair, message: Uint8Array): Uint8Array {
  return sr25519Sign(message, { publicKey: pair.publicKey, secretKey: pair.secretKey });
}

/** Verifies an sr25519 signature (requires `cryptoReady()`). */
export function verify(address: AccountId, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  let key: Uint8Array;
  try {
    key = publicKeyOf(address);
  } catch {
    return false;
  }
  return schnorrkelVerify(key, message, signature);
}

export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2AsU8a(data, 256);
}
