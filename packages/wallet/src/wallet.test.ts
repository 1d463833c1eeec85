import assert from "node:assert/strict";
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Keyring } from "@polkadot/keyring";
import { isWalletError } from "./errors.js";
import { keyfileJson, serializeKeyfile } from "./keyfile.js";
import { keypairFromMnemonic, toHex } from "./keys.js";
import { encodeEnvPassword, passwordEnvVarName } from "./password.js";
import { ansibleVaultEncrypt, tempDir } from "./testing/fixtures.js";
import { V } from "./testing/vectors.js";
import {
  createWallet,
  hotkeyFiles,
  keyfileStatus,
  listWallets,
  loadColdkeypub,
  loadHotkey,
  loadHotkeypub,
  newHotkey,
  openWallet,
  regenColdkey,
  regenColdkeypub,
  regenHotkey,
  unlockColdkey,
  walletFiles,
} from "./wallet.js";

const mode = async (file: string) => (await stat(file)).mode & 0o777;
const readJson = async (file: string) => JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
const noPrompt = { env: {}, prompt: false } as const;

let root: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir: root, cleanup } = await tempDir()));
after(() => cleanup());

describe("layout and defaults", () => {
  it("puts files where btwallet does", () => {
    const f = hotkeyFiles({ path: "/w", name: "alice", hotkey: "h1" });
    assert.equal(f.coldkey, "/w/alice/coldkey");
    assert.equal(f.coldkeypub, "/w/alice/coldkeypub.txt");
    assert.equal(f.hotkey, "/w/alice/hotkeys/h1");
    assert.equal(f.hotkeypub, "/w/alice/hotkeys/h1pub.txt");
    const expected = process.env.BT_WALLET_PATH || join(homedir(), ".bittensor", "wallets");
    assert.equal(walletFiles({ name: "x" }).path, expected);
  });

  it("rejects names that are not one path component", () => {
    for (const name of ["", ".", "..", "a/b", "a\\b"]) {
      assert.throws(
        () => walletFiles({ path: root, name }),
        (e) => isWalletError(e, "InvalidName"),
        name,
      );
      assert.throws(
        () => hotkeyFiles({ path: root, hotkey: name }),
        (e) => isWalletError(e, "InvalidName"),
      );
    }
  });
});

describe("an unencrypted wallet (no Argon2)", () => {
  const loc = () => ({ path: root, name: "plain", hotkey: "h1" });

  it("createWallet writes coldkey, coldkeypub.txt, hotkeys/h1, hotkeys/h1pub.txt with mode 0600", async () => {
    const { coldkey, hotkey } = await createWallet({ ...loc(), coldkeyUsePassword: false });
    assert.equal(coldkey.mnemonic?.split(" ").length, 12);
    assert.equal(coldkey.encrypted, false);
    assert.equal(hotkey.encrypted, false);
    const f = hotkeyFiles(loc());
    for (const file of [f.coldkey, f.coldkeypub, f.hotkey, f.hotkeypub]) {
      assert.equal(await mode(file), 0o600, file);
    }
    assert.equal(await mode(f.dir), 0o700);
    assert.deepEqual((await readdir(f.hotkeysDir)).sort(), ["h1", "h1pub.txt"], "no temporary files left");
    const cold = await readJson(f.coldkey);
    assert.deepEqual(Object.keys(cold).sort(), [
      "accountId",
      "privateKey",
      "publicKey",
      "secretPhrase",
      "secretSeed",
      "ss58Address",
    ]);
    assert.equal(cold.ss58Address, coldkey.address);
    assert.equal(cold.secretPhrase, coldkey.mnemonic);
    assert.deepEqual(Object.keys(await readJson(f.coldkeypub)).sort(), [
      "accountId",
      "publicKey",
      "ss58Address",
    ]);
    assert.equal((await loadColdkeypub(loc())).address, coldkey.address);
    assert.equal((await unlockColdkey({ ...loc(), ...noPrompt })).address, coldkey.address);
    assert.equal((await loadHotkey({ ...loc(), ...noPrompt })).address, hotkey.address);
    assert.equal((await loadHotkeypub(loc())).address, hotkey.address);
  });

  it("never overwrites without `overwrite`, and checks every file before writing any", async () => {
    const before = await readFile(hotkeyFiles(loc()).coldkey);
    await assert.rejects(createWallet({ ...loc(), coldkeyUsePassword: false }), (e) =>
      isWalletError(e, "KeyFileExists"),
    );
    await assert.rejects(
      regenColdkey({ ...loc(), from: { mnemonic: V.mnemonic }, usePassword: false }),
      (e) => isWalletError(e, "KeyFileExists") && e.path === hotkeyFiles(loc()).coldkey,
    );
    // A new hotkey name in the same wallet: the coldkey exists, so createWallet refuses before writing the hotkey.
    await assert.rejects(createWallet({ ...loc(), hotkey: "h9", coldkeyUsePassword: false }), (e) =>
      isWalletError(e, "KeyFileExists"),
    );
    assert.equal((await keyfileStatus(hotkeyFiles({ ...loc(), hotkey: "h9" }).hotkey)).exists, false);
    assert.deepEqual(await readFile(hotkeyFiles(loc()).coldkey), before);
  });

  it("overwrite replaces the key and keeps mode 0600", async () => {
    const f = hotkeyFiles(loc());
    await chmod(f.coldkey, 0o644);
    const written = await regenColdkey({
      ...loc(),
      from: { mnemonic: V.mnemonic },
      usePassword: false,
      overwrite: true,
    });
    assert.equal(written.address, V.address);
    assert.equal(await mode(f.coldkey), 0o600);
    assert.equal((await loadColdkeypub(loc())).address, V.address);
  });

  it("regenerates keys from a seed, a URI (btwallet's privateKey form), a polkadot-js backup and an address", async () => {
    const l = { path: root, name: "regen", hotkey: "dev" };
    assert.equal(
      (await regenColdkey({ ...l, from: { seed: V.secretSeed }, usePassword: false })).address,
      V.address,
    );
    assert.equal((await regenHotkey({ ...l, from: { uri: "//Alice" } })).address, V.aliceAddress);
    const hot = await readJson(hotkeyFiles(l).hotkey);
    assert.equal(hot.privateKey, V.alicePrivateKeyCanonical);
    assert.equal(hot.secretPhrase, undefined);
    assert.equal((await loadHotkey({ ...l, ...noPrompt })).address, V.aliceAddress);
    const backup = new Keyring({ type: "sr25519" }).addFromUri(V.mnemonic).toJson("backup-pass");
    const fromJson = { path: root, name: "fromjson" };
    await regenColdkey({
      ...fromJson,
      from: { json: backup, jsonPassword: "backup-pass" },
      usePassword: false,
    });
    const cold = await readJson(walletFiles(fromJson).coldkey);
    assert.equal(cold.ss58Address, V.address);
    assert.equal(cold.privateKey, V.privateKeyCanonical, "stored in btwallet's canonical form");
    const pubOnly = { path: root, name: "watch" };
    await regenColdkeypub({ ...pubOnly, from: V.addressPrefix0 });
    assert.equal((await loadColdkeypub(pubOnly)).address, V.address);
    await assert.rejects(unlockColdkey({ ...pubOnly, ...noPrompt }), (e) =>
      isWalletError(e, "KeyFileNotFound"),
    );
  });

  it("a coldkey file holding only public data cannot sign: NoSecretKey", async () => {
    const l = { path: root, name: "pubcold" };
    await mkdir(walletFiles(l).dir, { recursive: true });
    await writeFile(walletFiles(l).coldkey, JSON.stringify({ ss58Address: V.address }));
    await assert.rejects(unlockColdkey({ ...l, ...noPrompt }), (e) => isWalletError(e, "NoSecretKey"));
  });

  it("listWallets shows wallets, coldkey addresses and hotkeys", async () => {
    await newHotkey({ path: root, name: "plain", hotkey: "h2" });
    const list = await listWallets({ path: root });
    const plain = list.find((w) => w.name === "plain");
    assert.ok(plain);
    assert.equal(plain.coldkeypub, V.address);
    assert.deepEqual(
      plain.hotkeys.map((h) => h.name),
      ["h1", "h2"],
    );
    assert.ok(plain.hotkeys.every((h) => h.address?.startsWith("5")));
    assert.deepEqual(await listWallets({ path: join(root, "nothing-here") }), []);
  });
});

describe("missing and corrupted files", () => {
  it("WalletNotFound for a missing wallet, KeyFileNotFound for a missing file", async () => {
    await assert.rejects(loadColdkeypub({ path: root, name: "nope" }), (e) =>
      isWalletError(e, "WalletNotFound"),
    );
    await assert.rejects(loadHotkey({ path: root, name: "plain", hotkey: "nope", ...noPrompt }), (e) =>
      isWalletError(e, "KeyFileNotFound"),
    );
  });

  it("truncated, garbage, empty and Fernet coldkeys give typed errors, before any prompt", async () => {
    const l = { path: root, name: "broken" };
    const f = walletFiles(l);
    await mkdir(f.dir, { recursive: true });
    const cases: [string, Buffer, string][] = [
      ["truncated $NACL", Buffer.from("$NACL0123456789"), "KeyFileDecryptionError"],
      ["garbage", Buffer.from("\x00\x01garbage"), "KeyFileDecryptionError"],
      ["empty", Buffer.alloc(0), "KeyFileDecryptionError"],
      ["fernet", Buffer.from("gAAAAABlegacy"), "UnsupportedEncryption"],
    ];
    for (const [name, data, code] of cases) {
      await writeFile(f.coldkey, data);
      await assert.rejects(
        unlockColdkey({ ...l, password: "x" }),
        (e) => isWalletError(e, code as never),
        name,
      );
    }
    await writeFile(f.coldkeypub, "{}");
    await assert.rejects(loadColdkeypub(l), (e) => isWalletError(e, "KeyFileDecryptionError"));
  });
});

describe("encrypted keyfiles: password sources (legacy ansible-vault files: no Argon2)", () => {
  const l = { path: root, name: "vault" };
  before(async () => {
    const f = walletFiles(l);
    await mkdir(f.dir, { recursive: true });
    const plain = serializeKeyfile(keyfileJson(keypairFromMnemonic(V.mnemonic)));
    await writeFile(f.coldkey, ansibleVaultEncrypt(plain, "correct horse"), { mode: 0o600 });
  });

  it("unlocks with a password file, or btwallet's BT_PW_* variable", async () => {
    const pwFile = join(root, "pw.txt");
    await writeFile(pwFile, "correct horse\n");
    assert.equal((await unlockColdkey({ ...l, passwordFile: pwFile, env: {} })).address, V.address);
    const name = passwordEnvVarName(walletFiles(l).coldkey);
    const env = { [name]: encodeEnvPassword(name, "correct horse") };
    assert.equal((await unlockColdkey({ ...l, env, prompt: false })).address, V.address);
  });

  it("a wrong password is WrongPassword; no source is PasswordRequired", async () => {
    await assert.rejects(unlockColdkey({ ...l, password: "wrong" }), (e) =>
      isWalletError(e, "WrongPassword"),
    );
    await assert.rejects(unlockColdkey({ ...l, ...noPrompt }), (e) => isWalletError(e, "PasswordRequired"));
  });

  it("Wallet unlocks once, shares concurrent unlocks, and lock() zeroes the secret", async () => {
    const w = openWallet(l);
    const [a, b] = await Promise.all([w.unlockColdkey({ password: "correct horse" }), w.unlockColdkey()]);
    assert.equal(a, b);
    assert.ok(w.isColdkeyUnlocked);
    const copy = await rm(walletFiles(l).coldkey).then(() => w.unlockColdkey());
    assert.equal(copy, a, "served from memory after the file is gone");
    await w.lock();
    assert.ok(a.secretKey.every((x) => x === 0));
    await assert.rejects(w.unlockColdkey({ password: "correct horse" }), (e) =>
      isWalletError(e, "KeyFileNotFound"),
    );
    assert.ok(!w.isColdkeyUnlocked, "a failure is not cached");
  });
});

describe("$NACL wallets (Argon2i: two derivations)", () => {
  it("creates an encrypted coldkey and unlocks it; the public files need no password", async () => {
    const l = { path: root, name: "nacl", hotkey: "h" };
    const { coldkey } = await createWallet({ ...l, coldkeyPassword: { password: "pa55word!", env: {} } });
    const f = hotkeyFiles(l);
    assert.equal((await readFile(f.coldkey)).subarray(0, 5).toString(), "$NACL");
    assert.equal((await keyfileStatus(f.coldkey)).encryption, "nacl");
    assert.equal((await keyfileStatus(f.hotkey)).encryption, "none");
    assert.equal((await loadColdkeypub(l)).address, coldkey.address);
    const raw = await readFile(f.coldkey);
    assert.ok(!raw.includes(Buffer.from(coldkey.mnemonic ?? "?")), "the mnemonic is not in clear");
    const pair = await unlockColdkey({ ...l, password: "pa55word!" });
    assert.equal(pair.address, coldkey.address);
    assert.equal(pair.mnemonic, coldkey.mnemonic);
    assert.equal(toHex(pair.publicKey), toHex(coldkey.publicKey));
  });
});
