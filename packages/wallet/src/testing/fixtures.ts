/** Test helpers: temporary wallet directories and a cheap encrypted keyfile format. */
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory under the OS temp dir, removed by the returned function. */
export async function tempDir(
  prefix = "taonet-wallet-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * ansible-vault 1.1 encryption, as btwallet's `legacy_encrypt_keyfile_data`. Test-only: the wallet never
 * writes this legacy format, but reading it is cheap (PBKDF2, milliseconds), so tests of the password
 * sources (file, BT_PW_*, prompt) use it instead of paying for an Argon2i derivation each time.
 */
export function ansibleVaultEncrypt(plaintext: Uint8Array, password: string): Uint8Array {
  const salt = randomBytes(32);
  const derived = pbkdf2Sync(Buffer.from(password, "utf8"), salt, 10_000, 80, "sha256");
  const pad = 16 - (plaintext.length % 16);
  const padded = Buffer.concat([plaintext, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv("aes-256-ctr", derived.subarray(0, 32), derived.subarray(64, 80));
  const ct = Buffer.concat([cipher.update(padded), cipher.final()]);
  const mac = createHmac("sha256", derived.subarray(32, 64)).update(ct).digest();
  const body = Buffer.from(`${salt.toString("hex")}\n${mac.toString("hex")}\n${ct.toString("hex")}`).toString(
    "hex",
  );
  const lines = body.match(/.{1,80}/g) ?? [];
  return Buffer.from(`$ANSIBLE_VAULT;1.1;AES256\n${lines.join("\n")}\n`, "latin1");
}
