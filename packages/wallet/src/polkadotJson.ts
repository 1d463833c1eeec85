/**
 * Importing a polkadot-js JSON backup (the "encrypted JSON" a browser extension exports; btcli
 * `wallet regen-coldkey --json FILE --json-password ...`, btwallet `Keypair.create_from_encrypted_json`):
 * scrypt + xsalsa20-poly1305 around a PKCS8-like body holding the 64-byte secret (ed25519 form, or a
 * 32-byte seed in the oldest generations) and the public key.
 */
import { jsonDecrypt, sr25519PairFromSeed } from "@polkadot/util-crypto";
import { getPublicKey } from "@scure/sr25519";
import { WalletError } from "./errors.js";
import { addressOf, redacted, toHex, type WalletKeypair } from "./keys.js";

/** The body's header and the divider before the public key (polkadot-js keyring, generations 1-3). */
const PAIR_HDR = Uint8Array.from([48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32]);
const PAIR_DIV = Uint8Array.from([161, 35, 3, 33, 0]);

interface EncryptedJson {
  encoded: string;
  encoding: { content: string[]; type: string | string[]; version: string };
  address?: string;
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export function keypairFromPolkadotJson(json: string | object, password: string): WalletKeypair {
  let parsed: EncryptedJson;
  try {
    parsed = (typeof json === "string" ? JSON.parse(json) : json) as EncryptedJson;
  } catch {
    throw new WalletError("KeyFileDecryptionError", "the polkadot-js backup is not JSON");
  }
  if (
    typeof parsed?.encoded !== "string" ||
    typeof parsed.encoding !== "object" ||
    parsed.encoding === null
  ) {
    throw new WalletError("KeyFileDecryptionError", "not a polkadot-js JSON backup (no encoded / encoding)");
  }
  const content = Array.isArray(parsed.encoding.content) ? parsed.encoding.content : [];
  if (content[0] !== "pkcs8") {
    throw new WalletError("KeyFileDecryptionError", `unsupported backup content ${JSON.stringify(content)}`);
  }
  if (content[1] !== "sr25519") {
    throw new WalletError(
      "UnsupportedCryptoType",
      `the backup holds a ${String(content[1])} key; only sr25519 is supported`,
    );
  }
  let body: Uint8Array;
  try {
    body = jsonDecrypt(parsed as Parameters<typeof jsonDecrypt>[0], password);
  } catch {
    throw new WalletError(
      "WrongPassword",
      "wrong password (or a corrupted backup): the JSON does not decrypt",
    );
  }
  if (!equal(body.subarray(0, PAIR_HDR.length), PAIR_HDR)) {
    throw new WalletError("KeyFileDecryptionError", "the decrypted backup has an unknown layout");
  }
  const start = PAIR_HDR.length;
  let secretKey: Uint8Array;
  let publicStart: number;
  if (equal(body.subarray(start + 64, start + 64 + PAIR_DIV.length), PAIR_DIV)) {
    secretKey = Uint8Array.from(body.subarray(start, start + 64));
    publicStart = start + 64 + PAIR_DIV.length;
  } else if (equal(body.subarray(start + 32, start + 32 + PAIR_DIV.length), PAIR_DIV)) {
    secretKey = sr25519PairFromSeed(body.subarray(start, start + 32)).secretKey; // generations 1-2: a seed
    publicStart = start + 32 + PAIR_DIV.length;
  } else {
    throw new WalletError("KeyFileDecryptionError", "the decrypted backup has an unknown layout");
  }
  const publicKey = getPublicKey(secretKey);
  const stored = body.subarray(publicStart, publicStart + 32);
  if (stored.length === 32 && toHex(stored) !== toHex(publicKey)) {
    throw new WalletError("KeyFileDecryptionError", "the backup's public key does not match its secret");
  }
  return redacted({ address: addressOf(publicKey), publicKey, secretKey });
}
