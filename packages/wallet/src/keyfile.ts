/**
 * The keyfile JSON of btwallet (`serialized_keypair_to_keyfile_data` / `deserialize_keypair_from_keyfile_data`):
 * a flat object with `accountId`, `publicKey`, `privateKey` (canonical form), `secretPhrase`, `secretSeed`,
 * `ss58Address` and, since btwallet 4.1, `cryptoType` (1 = sr25519). Reading prefers `secretPhrase`, then
 * `secretSeed`, then `privateKey`, then the public data.
 *
 * taonet writes no `cryptoType`: btwallet 4.1 reads a file without it as sr25519, while btwallet 4.0 cannot
 * parse a file that has it as a number (its keyfile map holds strings only) — checked against both.
 */
import { WalletError } from "./errors.js";
import {
  keypairFromMnemonic,
  keypairFromPrivateKey,
  keypairFromSeed,
  type PublicKeyInfo,
  parseHex,
  privateKeyFromPolkadot,
  publicKeyInfo,
  toHex,
  type WalletKeypair,
} from "./keys.js";

/** btwallet's `cryptoType` for sr25519, the only key type Bittensor accounts use. */
export const CRYPTO_TYPE_SR25519 = 1;

export interface KeyfileJson {
  accountId?: string;
  publicKey?: string;
  privateKey?: string;
  secretPhrase?: string;
  secretSeed?: string;
  ss58Address?: string;
  cryptoType?: number | string;
}

/** The full keyfile JSON of a key pair (what `coldkey` holds once decrypted, and `hotkeys/<name>`). */
export function keyfileJson(pair: WalletKeypair): KeyfileJson {
  const hex = toHex(pair.publicKey);
  return {
    accountId: hex,
    publicKey: hex,
    privateKey: toHex(privateKeyFromPolkadot(pair.secretKey)),
    ...(pair.mnemonic === undefined ? {} : { secretPhrase: pair.mnemonic }),
    ...(pair.seed === undefined ? {} : { secretSeed: toHex(pair.seed) }),
    ss58Address: pair.address,
  };
}

/** The public keyfile JSON (`coldkeypub.txt`, `hotkeys/<name>pub.txt`). */
export function publicKeyfileJson(key: PublicKeyInfo): KeyfileJson {
  const hex = toHex(key.publicKey);
  return { accountId: hex, publicKey: hex, ss58Address: key.address };
}

export function serializeKeyfile(json: KeyfileJson): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(json));
}

/**
 * Decodes plaintext keyfile bytes into a key pair (when the file has a secret) or public data. Checks that
 * the secret matches the stored address/public key. Errors name the file, never its secret content.
 */
export function parseKeyfile(data: Uint8Array, path?: string): WalletKeypair | PublicKeyInfo {
  const where = path === undefined ? {} : { path };
  const bad = (what: string, cause?: unknown) =>
    new WalletError(
      "KeyFileDecryptionError",
      `not a valid keyfile: ${what}`,
      cause === undefined ? where : { ...where, cause },
    );
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(data));
  } catch {
    throw bad("not UTF-8 JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw bad("not a JSON object");
  const obj = json as Record<string, unknown>;
  const str = (field: keyof KeyfileJson): string | undefined => {
    const v = obj[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw bad(`field ${field} is not a string`);
    return v;
  };
  const cryptoType = obj.cryptoType;
  if (
    cryptoType !== undefined &&
    cryptoType !== null &&
    cryptoType !== CRYPTO_TYPE_SR25519 &&
    cryptoType !== String(CRYPTO_TYPE_SR25519)
  ) {
    throw new WalletError(
      "UnsupportedCryptoType",
      `the keyfile holds a cryptoType ${JSON.stringify(cryptoType)} key; only sr25519 (1) is supported`,
      where,
    );
  }

  let key: WalletKeypair | PublicKeyInfo;
  const phrase = str("secretPhrase");
  const seed = str("secretSeed");
  const privateKey = str("privateKey");
  const ss58 = str("ss58Address");
  const publicKey = str("publicKey") ?? str("accountId");
  try {
    if (phrase !== undefined) key = keypairFromMnemonic(phrase);
    else if (seed !== undefined) key = keypairFromSeed(seed);
    else if (privateKey !== undefined) key = keypairFromPrivateKey(privateKey);
    else if (ss58 !== undefined) key = publicKeyInfo(ss58);
    else if (publicKey !== undefined) key = publicKeyInfo(publicKey);
    else throw bad("no secretPhrase, secretSeed, privateKey, ss58Address or publicKey");
  } catch (e) {
    if (e instanceof WalletError && e.code === "KeyFileDecryptionError") throw e;
    const field =
      phrase !== undefined
        ? "secretPhrase"
        : seed !== undefined
          ? "secretSeed"
          : privateKey !== undefined
            ? "privateKey"
            : "ss58Address/publicKey";
    throw bad(`field ${field} is invalid (${e instanceof WalletError ? e.code : "error"})`);
  }

  // The stored public data must agree with the secret (btwallet writes both).
  if (ss58 !== undefined && ss58 !== key.address) {
    let other: PublicKeyInfo | undefined;
    try {
      other = publicKeyInfo(ss58);
    } catch {
      throw bad("field ss58Address is not an SS58 address");
    }
    if (toHex(other.publicKey) !== toHex(key.publicKey)) {
      throw bad(`its secret gives ${key.address} but its ss58Address is ${ss58}`);
    }
  }
  if (publicKey !== undefined) {
    let pk: Uint8Array;
    try {
      pk = parseHex(publicKey, 32, "public key");
    } catch {
      throw bad("field publicKey/accountId is not 32 bytes of hex");
    }
    if (toHex(pk) !== toHex(key.publicKey)) throw bad(`its public key does not match ${key.address}`);
  }
  return key;
}
