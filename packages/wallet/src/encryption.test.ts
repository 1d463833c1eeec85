import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ansibleVaultDecrypt,
  decryptKeyfileData,
  deriveNaclKey,
  keyfileEncryption,
  naclOpen,
  naclSeal,
} from "./encryption.js";
import { isWalletError } from "./errors.js";
import { ansibleVaultEncrypt } from "./testing/fixtures.js";
import { V } from "./testing/vectors.js";

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, "hex"));
const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");
const utf8 = (s: string) => new TextEncoder().encode(s);

// Argon2i with btwallet's parameters costs ~5 s and 512 MiB per derivation here: this file derives twice
// (the vector's key, and one wrong password); everything else reuses the derived key.
describe("$NACL encryption (the reference's libsodium-made vector)", () => {
  let key: Uint8Array;
  // Started now, on its own worker thread, so that it uses the second core while the vector's key is derived.
  const wrongPassword = decryptKeyfileData(bytes(V.naclFile), "not-the-password", "/w/coldkey").then(
    () => undefined,
    (e: unknown) => e,
  );

  it("derives the vector's key with Argon2i v1.3 (t=8, m=512 MiB, p=1, fixed salt) and opens the file", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const t0 = performance.now();
    key = await deriveNaclKey(V.naclPassword);
    const ms = performance.now() - t0;
    clearInterval(timer);
    assert.equal(Buffer.from(key).toString("hex"), V.naclKey);
    // On a worker thread: the event loop kept running (a 20 ms timer fired through the derivation).
    assert.ok(ticks >= ms / 20 / 4, `event loop blocked: ${ticks} ticks in ${Math.round(ms)} ms`);
    const plain = naclOpen(bytes(V.naclFile), key);
    assert.ok(plain);
    assert.equal(text(plain), V.naclPlaintext);
  });

  it("re-encrypts the vector byte for byte with the same key and nonce 00..17", () => {
    const nonce = Uint8Array.from({ length: 24 }, (_, i) => i);
    const sealed = naclSeal(utf8(V.naclPlaintext), key, nonce);
    assert.equal(Buffer.from(sealed).toString("hex"), V.naclFile);
  });

  it("uses a fresh random nonce per encryption", () => {
    const a = naclSeal(utf8("x"), key);
    const b = naclSeal(utf8("x"), key);
    assert.notDeepEqual(a, b);
    assert.equal(text(a.subarray(0, 5)), "$NACL");
    assert.equal(a.length, 5 + 24 + 16 + 1);
  });

  it("a flipped byte fails authentication", () => {
    const tampered = bytes(V.naclFile);
    tampered[40] = (tampered[40] ?? 0) ^ 1;
    assert.equal(naclOpen(tampered, key), null);
  });

  it("a wrong password is WrongPassword, and the message holds no password", async () => {
    const e = await wrongPassword;
    assert.ok(isWalletError(e, "WrongPassword"), String(e));
    assert.equal(e.path, "/w/coldkey");
    assert.ok(!e.message.includes("not-the-password"));
  });

  it("a truncated $NACL file is KeyFileDecryptionError, found before deriving a key", async () => {
    const t0 = performance.now();
    await assert.rejects(decryptKeyfileData(bytes(V.naclFile).subarray(0, 30), "x"), (e) =>
      isWalletError(e, "KeyFileDecryptionError"),
    );
    assert.ok(performance.now() - t0 < 500, "no Argon2 derivation for a file that cannot be valid");
  });
});

describe("legacy formats", () => {
  it("detects the format by prefix, as btwallet", () => {
    assert.equal(keyfileEncryption(bytes(V.naclFile)), "nacl");
    assert.equal(keyfileEncryption(utf8(V.ansibleFile)), "ansible");
    assert.equal(keyfileEncryption(utf8("gAAAAABkabc")), "fernet");
    assert.equal(keyfileEncryption(utf8(V.naclPlaintext)), "none");
  });

  it("reads btwallet's ansible-vault vector, and rejects a wrong password", () => {
    assert.equal(text(ansibleVaultDecrypt(utf8(V.ansibleFile), V.naclPassword)), V.naclPlaintext);
    assert.throws(
      () => ansibleVaultDecrypt(utf8(V.ansibleFile), "wrong"),
      (e) => isWalletError(e, "WrongPassword"),
    );
    const cut = V.ansibleFile.slice(0, 100);
    assert.throws(
      () => ansibleVaultDecrypt(utf8(cut), V.naclPassword),
      (e) => isWalletError(e, "KeyFileDecryptionError") || isWalletError(e, "WrongPassword"),
    );
  });

  it("the test helper's ansible-vault output round-trips (used to test password sources cheaply)", async () => {
    const plain = utf8('{"a":"b"}'.repeat(5));
    const enc = ansibleVaultEncrypt(plain, "pw");
    assert.deepEqual(await decryptKeyfileData(enc, "pw"), plain);
  });

  it("refuses the Fernet format with a hint", async () => {
    await assert.rejects(
      decryptKeyfileData(utf8("gAAAAABkabcdef"), "x"),
      (e) => isWalletError(e, "UnsupportedEncryption") && (e.hint ?? "").includes("mnemonic"),
    );
  });

  it("passes unencrypted data through", async () => {
    assert.equal(text(await decryptKeyfileData(utf8(V.naclPlaintext), "")), V.naclPlaintext);
  });
});
