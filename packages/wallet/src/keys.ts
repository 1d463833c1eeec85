/**
 * sr25519 key pairs as Bittensor wallets hold them: from a BIP39 mnemonic, a 32-byte mini-secret seed, a
 * 64-byte private key, or a Substrate secret URI (`//Alice`, `phrase//hard/soft`). Addresses are SS58 with
 * prefix 42.
 *
 * The private-key quirk: btwallet stores `privateKey` in schnorrkel's canonical form (32-byte scalar ‖
 * 32-byte nonce), while @polkadot/util-crypto (and `@taonet/chain`'s signer) use the "ed25519 form" whose
 * scalar is 8 times larger (same nonce). `privateKeyToPolkadot` / `privateKeyFromPolkadot` convert.
 */

import { inspect } from "node:util";
import {
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
  sr25519Sign,
  sr25519Verify,
} from "@polkadot/util-crypto";
import { getPublicKey } from "@scure/sr25519";
import { WalletError } from "./errors.js";

export const SS58_PREFIX = 42;
/** The development mnemonic Substrate derives //Alice, //Bob, ... from (a bare URI path uses it). */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
export const MNEMONIC_WORD_COUNTS = [12, 15, 18, 21, 24] as const;
export type MnemonicWordCount = (typeof MNEMONIC_WORD_COUNTS)[number];

/** Public data of a key: what `coldkeypub.txt` and `<hotkey>pub.txt` hold. */
export interface PublicKeyInfo {
  /** SS58 address, prefix 42. */
  readonly address: string;
  /** 32-byte sr25519 public key (the account id). */
  readonly publicKey: Uint8Array;
}

/**
 * A key pair that can sign. Structurally a `@taonet/chain` `KeyPair` (address, publicKey, and a 64-byte
 * `secretKey` in @polkadot/util-crypto's form), so it can be passed to `signTransaction` as is.
 */
export interface WalletKeypair extends PublicKeyInfo {
  readonly secretKey: Uint8Array;
  /** The BIP39 phrase, when the key was made from one (btwallet `secretPhrase`). */
  readonly mnemonic?: string;
  /** The 32-byte mini-secret, when known (btwallet `secretSeed`). */
  readonly seed?: Uint8Array;
}

/**
 * Makes a key pair safe to log by accident: `JSON.stringify` and `console.log` / `util.inspect` show only
 * its address and public key. (Non-enumerable hooks: the fields themselves stay plain and readable; a
 * spread copy `{ ...pair }` loses the protection.)
 */
export function redacted<T extends WalletKeypair>(pair: T): T {
  const shown = () => ({ address: pair.address, publicKey: toHex(pair.publicKey), secret: "[redacted]" });
  Object.defineProperty(pair, "toJSON", { value: shown, enumerable: false });
  Object.defineProperty(pair, inspect.custom, {
    value: () => `WalletKeypair ${inspect(shown())}`,
    enumerable: false,
  });
  return pair;
}

export function hasSecret(key: PublicKeyInfo): key is WalletKeypair {
  return (key as Partial<WalletKeypair>).secretKey instanceof Uint8Array;
}

export function addressOf(publicKey: Uint8Array): string {
  return encodeAddress(publicKey, SS58_PREFIX);
}

/** A new random BIP39 English mnemonic (12 words by default, as btwallet). */
export function generateMnemonic(words: MnemonicWordCount = 12): string {
  if (!MNEMONIC_WORD_COUNTS.includes(words)) {
    throw new WalletError("InvalidMnemonic", `a mnemonic has 12, 15, 18, 21 or 24 words, not ${words}`);
  }
  return mnemonicGenerate(words);
}

function normalizePhrase(phrase: string): string {
  return phrase.trim().split(/\s+/).join(" ");
}

export function isValidMnemonic(phrase: string): boolean {
  const words = normalizePhrase(phrase).split(" ");
  return (
    (MNEMONIC_WORD_COUNTS as readonly number[]).includes(words.length) && mnemonicValidate(words.join(" "))
  );
}

/** BIP39 phrase → PBKDF2 mini-secret → sr25519 pair (sp_core `Pair::from_phrase(phrase, None)`). */
export function keypairFromMnemonic(phrase: string): WalletKeypair {
  const mnemonic = normalizePhrase(phrase);
  if (!isValidMnemonic(mnemonic)) {
    const n = mnemonic === "" ? 0 : mnemonic.split(" ").length;
    throw new WalletError(
      "InvalidMnemonic",
      `not a valid BIP39 English mnemonic (${n} words; expected 12, 15, 18, 21 or 24 with a valid checksum)`,
    );
  }
  const seed = mnemonicToMiniSecret(mnemonic);
  return redacted({ ...pairFromSeed(seed), mnemonic, seed });
}

/** A 32-byte mini-secret (`0x` hex or bytes) → sr25519 pair. */
export function keypairFromSeed(seed: string | Uint8Array): WalletKeypair {
  const bytes = typeof seed === "string" ? parseHex(seed, 32, "seed") : seed;
  if (bytes.length !== 32) throw new WalletError("InvalidKey", `a seed is 32 bytes, got ${bytes.length}`);
  const copy = Uint8Array.from(bytes);
  return redacted({ ...pairFromSeed(copy), seed: copy });
}

/** A 64-byte private key in btwallet's (canonical schnorrkel) form → sr25519 pair. */
export function keypairFromPrivateKey(privateKey: string | Uint8Array): WalletKeypair {
  const bytes = typeof privateKey === "string" ? parseHex(privateKey, 64, "private key") : privateKey;
  const secretKey = privateKeyToPolkadot(bytes);
  const publicKey = getPublicKey(secretKey);
  return redacted({ address: addressOf(publicKey), publicKey, secretKey });
}

/**
 * A Substrate secret URI: `phrase`, `phrase//hard/soft`, `phrase///password`, or a bare path (`//Alice`,
 * `/Bob//test`) which uses the development phrase. As btwallet, the result keeps only the private key
 * (no mnemonic or seed is stored for a URI key).
 */
export function keypairFromUri(uri: string): WalletKeypair {
  const full = uri.startsWith("/") ? `${DEV_PHRASE}${uri}` : uri;
  let parts: ReturnType<typeof keyExtractSuri>;
  try {
    parts = keyExtractSuri(full);
  } catch (cause) {
    throw new WalletError("InvalidKey", "not a valid secret URI", { cause: redactCause(cause) });
  }
  const phrase = normalizePhrase(parts.phrase);
  if (!isValidMnemonic(phrase)) {
    throw new WalletError("InvalidMnemonic", "the phrase of the secret URI is not a valid BIP39 mnemonic");
  }
  const seed = mnemonicToMiniSecret(phrase, parts.password ?? "");
  const pair = keyFromPath(sr25519PairFromSeed(seed), parts.path, "sr25519");
  return redacted({
    address: addressOf(pair.publicKey),
    publicKey: pair.publicKey,
    secretKey: pair.secretKey,
  });
}

/** Public data from an SS58 address of any prefix (re-encoded with prefix 42) or a 32-byte public key. */
export function publicKeyInfo(addressOrKey: string | Uint8Array): PublicKeyInfo {
  let publicKey: Uint8Array;
  if (typeof addressOrKey === "string" && !addressOrKey.startsWith("0x")) {
    try {
      publicKey = decodeAddress(addressOrKey);
    } catch {
      throw new WalletError("InvalidKey", `not an SS58 address: ${addressOrKey}`);
    }
  } else {
    publicKey = typeof addressOrKey === "string" ? parseHex(addressOrKey, 32, "public key") : addressOrKey;
  }
  if (publicKey.length !== 32) {
    throw new WalletError("InvalidKey", `an sr25519 public key is 32 bytes, got ${publicKey.length}`);
  }
  return { address: addressOf(publicKey), publicKey: Uint8Array.from(publicKey) };
}

function pairFromSeed(seed: Uint8Array): WalletKeypair {
  const pair = sr25519PairFromSeed(seed);
  return { address: addressOf(pair.publicKey), publicKey: pair.publicKey, secretKey: pair.secretKey };
}

/** btwallet's canonical 64-byte private key → @polkadot/util-crypto's (scalar × 8, little-endian). */
export function privateKeyToPolkadot(canonical: Uint8Array): Uint8Array {
  if (canonical.length !== 64) {
    throw new WalletError("InvalidKey", `a private key is 64 bytes, got ${canonical.length}`);
  }
  if ((canonical[31] ?? 0) >> 5 !== 0) {
    throw new WalletError("InvalidKey", "the private key's scalar is not in canonical form");
  }
  const out = Uint8Array.from(canonical);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const b = canonical[i] ?? 0;
    out[i] = ((b << 3) | carry) & 0xff;
    carry = b >> 5;
  }
  return out;
}

/** @polkadot/util-crypto's 64-byte secret key → btwallet's canonical form (scalar / 8). */
export function privateKeyFromPolkadot(secretKey: Uint8Array): Uint8Array {
  if (secretKey.length !== 64) {
    throw new WalletError("InvalidKey", `a secret key is 64 bytes, got ${secretKey.length}`);
  }
  if (((secretKey[0] ?? 0) & 7) !== 0) {
    throw new WalletError(
      "InvalidKey",
      "the secret key's scalar is not a multiple of 8 (not in ed25519 form)",
    );
  }
  const out = Uint8Array.from(secretKey);
  for (let i = 0; i < 32; i++) {
    const next = i < 31 ? (secretKey[i + 1] ?? 0) : 0;
    out[i] = ((secretKey[i] ?? 0) >> 3) | ((next & 7) << 5);
  }
  return out;
}

/** Signs with sr25519 (context "substrate"), as btwallet's `Keypair.sign`. */
export function signMessage(pair: WalletKeypair, message: Uint8Array): Uint8Array {
  return sr25519Sign(message, { publicKey: pair.publicKey, secretKey: pair.secretKey });
}

export function verifyMessage(address: string, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return sr25519Verify(message, signature, decodeAddress(address));
  } catch {
    return false;
  }
}

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

/** `0x`-prefixed (or bare) hex of an exact length. The value is never echoed in the error. */
export function parseHex(value: string, length: number, what: string): Uint8Array {
  const hex = value.startsWith("0x") || value.startsWith("0X") ? value.slice(2) : value;
  if (hex.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new WalletError("InvalidKey", `a ${what} is ${length} bytes of hex (${length * 2} hex digits)`);
  }
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/** Keeps only the class of an error raised by a library on secret input (its message may quote it). */
function redactCause(cause: unknown): Error {
  return new Error(
    cause instanceof Error ? `${cause.name} (message withheld: may contain secret input)` : "error",
  );
}
