/**
 * Keyfile encryption, byte-compatible with btwallet (`src/keyfile.rs`):
 *
 * - `$NACL` (current, read + write): `"$NACL" ‖ nonce(24) ‖ crypto_secretbox(tag(16) ‖ ciphertext)`, with
 *   the key from Argon2i v1.3, ops 8, memory 512 MiB, parallelism 1, 32 bytes, and a fixed global salt.
 * - `$ANSIBLE_VAULT` (legacy, read): ansible-vault 1.1 AES256 (PBKDF2-SHA256 10 000 iterations, AES-256-CTR,
 *   HMAC-SHA256).
 * - `gAAAAA` (older legacy Fernet): detected and refused; btwallet 4 cannot open it either.
 *
 * Argon2i runs in WebAssembly (hash-wasm) on a worker thread: ~5 s and 512 MiB per derivation on a 2-core
 * machine, so a process should unlock a key once (see `Wallet`).
 */

import { createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { naclDecrypt, naclEncrypt } from "@polkadot/util-crypto";
import { argon2iKey } from "./argon2.js";
import { WalletError } from "./errors.js";

export const NACL_PREFIX = "$NACL";
export const ANSIBLE_PREFIX = "$ANSIBLE_VAULT";
export const FERNET_PREFIX = "gAAAAA";

export { ARGON2I_PARAMS } from "./argon2.js";

const NONCE_BYTES = 24;
const TAG_BYTES = 16;

export type KeyfileEncryption = "nacl" | "ansible" | "fernet" | "none";

/** The encryption of raw keyfile bytes, by prefix as btwallet detects it. */
export function keyfileEncryption(data: Uint8Array): KeyfileEncryption {
  const head = Buffer.from(data.subarray(0, 16)).toString("latin1");
  if (head.startsWith(NACL_PREFIX)) return "nacl";
  if (head.startsWith(ANSIBLE_PREFIX)) return "ansible";
  if (head.startsWith(FERNET_PREFIX)) return "fernet";
  return "none";
}

export function isEncrypted(data: Uint8Array): boolean {
  return keyfileEncryption(data) !== "none";
}

/**
 * The secretbox key of a password: Argon2i with btwallet's parameters (slow on purpose: ~5 s, 512 MiB).
 * Runs on a worker thread by default so the event loop stays free; `{ inWorker: false }` runs it here.
 */
export async function deriveNaclKey(
  password: string,
  opts: { inWorker?: boolean } = {},
): Promise<Uint8Array> {
  const script = new URL("./kdf-worker.js", import.meta.url);
  // Inline when asked, or when the worker script is not beside this file (e.g. a single-file bundle).
  if (opts.inWorker === false || !existsSync(script)) return argon2iKey(password);
  return new Promise<Uint8Array>((resolve, reject) => {
    const worker = new Worker(script, { workerData: { password } });
    let key: Uint8Array | undefined;
    worker.once("message", (m: Uint8Array) => {
      key = m;
    });
    worker.once("error", (e) => reject(new Error(`the Argon2i worker failed: ${e.name}`)));
    worker.once("exit", (code) => {
      if (key) resolve(key);
      else reject(new Error(`the Argon2i worker exited with code ${code} and no key`));
    });
  });
}

/** Encrypts with an already derived key (for tests and for re-encrypting without a second derivation). */
export function naclSeal(plaintext: Uint8Array, key: Uint8Array, nonce?: Uint8Array): Uint8Array {
  const n = nonce ?? new Uint8Array(randomBytes(NONCE_BYTES));
  if (n.length !== NONCE_BYTES) throw new Error(`a secretbox nonce is ${NONCE_BYTES} bytes`);
  const { encrypted } = naclEncrypt(plaintext, key, n);
  return Buffer.concat([Buffer.from(NACL_PREFIX, "latin1"), n, encrypted]);
}

/** Decrypts `$NACL` bytes with an already derived key; null when authentication fails. */
export function naclOpen(data: Uint8Array, key: Uint8Array, path?: string): Uint8Array | null {
  const start = NACL_PREFIX.length;
  if (data.length < start + NONCE_BYTES + TAG_BYTES) {
    throw new WalletError(
      "KeyFileDecryptionError",
      `the $NACL keyfile is truncated (${data.length} bytes; at least ${start + NONCE_BYTES + TAG_BYTES} expected)`,
      path === undefined ? {} : { path },
    );
  }
  const nonce = data.subarray(start, start + NONCE_BYTES);
  return naclDecrypt(data.subarray(start + NONCE_BYTES), nonce, key);
}

/** `$NACL` encryption of keyfile data with a password, as btwallet's `encrypt_keyfile_data`. */
export async function encryptKeyfileData(plaintext: Uint8Array, password: string): Promise<Uint8Array> {
  return naclSeal(plaintext, await deriveNaclKey(password));
}

/**
 * Decrypts keyfile data of any readable format. Unencrypted data is returned as is.
 * Throws WrongPassword when authentication fails, KeyFileDecryptionError when the data is malformed,
 * UnsupportedEncryption for the Fernet format.
 */
export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  path?: string,
): Promise<Uint8Array> {
  const where = path === undefined ? {} : { path };
  switch (keyfileEncryption(data)) {
    case "none":
      return data;
    case "nacl": {
      // Check the length before paying for the key derivation.
      naclOpen(data, new Uint8Array(32), path);
      const plain = naclOpen(data, await deriveNaclKey(password), path);
      if (plain === null) {
        throw new WalletError(
          "WrongPassword",
          "wrong password (or a corrupted keyfile): it does not decrypt",
          where,
        );
      }
      return plain;
    }
    case "ansible":
      return ansibleVaultDecrypt(data, password, path);
    case "fernet":
      throw new WalletError("UnsupportedEncryption", "the keyfile uses the old Fernet encryption", {
        ...where,
        hint: "btwallet 4 cannot open this format either; regenerate the key from its mnemonic (regen-coldkey)",
      });
  }
}

/** Reads ansible-vault 1.1 (AES256), the format btwallet's `legacy_encrypt_keyfile_data` writes. */
export function ansibleVaultDecrypt(data: Uint8Array, password: string, path?: string): Uint8Array {
  const where = path === undefined ? {} : { path };
  const malformed = (what: string) =>
    new WalletError("KeyFileDecryptionError", `malformed ansible-vault keyfile: ${what}`, where);
  const lines = Buffer.from(data).toString("latin1").split(/\r?\n/);
  const header = (lines[0] ?? "").split(";");
  if (header[0] !== ANSIBLE_PREFIX || header[2]?.trim() !== "AES256") throw malformed("unsupported header");
  const body = lines.slice(1).join("").trim();
  if (!/^([0-9a-fA-F]{2})+$/.test(body)) throw malformed("the body is not hex");
  const [saltHex, hmacHex, ctHex] = Buffer.from(body, "hex").toString("latin1").split("\n");
  const isHex = (s: string | undefined): s is string => s !== undefined && /^([0-9a-fA-F]{2})+$/.test(s);
  if (!isHex(saltHex) || !isHex(hmacHex) || !isHex(ctHex))
    throw malformed("expected salt, hmac and ciphertext");
  const salt = Buffer.from(saltHex, "hex");
  const expected = Buffer.from(hmacHex, "hex");
  const ciphertext = Buffer.from(ctHex, "hex");
  const derived = pbkdf2Sync(Buffer.from(password, "utf8"), salt, 10_000, 80, "sha256");
  const mac = createHmac("sha256", derived.subarray(32, 64)).update(ciphertext).digest();
  if (expected.length !== mac.length || !timingSafeEqual(expected, mac)) {
    throw new WalletError(
      "WrongPassword",
      "wrong password (or a corrupted keyfile): it does not decrypt",
      where,
    );
  }
  const decipher = createDecipheriv("aes-256-ctr", derived.subarray(0, 32), derived.subarray(64, 80));
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > 16 || pad > padded.length) throw malformed("bad padding");
  return new Uint8Array(padded.subarray(0, padded.length - pad));
}
