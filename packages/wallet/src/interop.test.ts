/**
 * Interoperability with the reference's own wallet (Python `bittensor_wallet`, btwallet): a wallet it
 * makes opens in taonet, and a wallet taonet makes opens in it, with signatures checked both ways.
 * Skipped (with the reason) when the Python module is not installed; `.ci/run` installs a pinned version
 * and sets TAONET_REQUIRE_INTEROP=1 so that there a missing module fails instead. `PYTHON=...` picks the
 * interpreter (e.g. a venv with another btwallet version; 4.0.0 and 4.1.1 both pass).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { hasSecret, keypairFromUri, signMessage, toHex, verifyMessage } from "./keys.js";
import { passwordEnvVarName } from "./password.js";
import { tempDir } from "./testing/fixtures.js";
import { V } from "./testing/vectors.js";
import {
  createWallet,
  hotkeyFiles,
  listWallets,
  loadColdkeypub,
  loadHotkey,
  loadHotkeypub,
  regenHotkey,
  unlockColdkey,
  walletFiles,
} from "./wallet.js";

const PYTHON = process.env.PYTHON ?? "python3";
const PASSWORD = "interop-Pa55word";

function probe(): { version: string } | { skip: string } {
  const r = spawnSync(PYTHON, ["-c", "import bittensor_wallet as b; print(getattr(b, '__version__', '?'))"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (r.error) return { skip: `${PYTHON} not runnable (${r.error.message})` };
  if (r.status !== 0)
    return { skip: `python module bittensor_wallet is not installed (pip install bittensor-wallet)` };
  return { version: r.stdout.trim() };
}

/** Runs a Python snippet with `args` (JSON) and returns the JSON it prints last. Never gets a terminal. */
function py<T>(code: string, args: unknown): T {
  const prelude = "import json, sys\nargs = json.loads(sys.argv[1])\n";
  const r = spawnSync(PYTHON, ["-c", prelude + code, JSON.stringify(args)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as T;
}

const found = probe();
/** Set by `.ci/run`: there the interop tests must run, so a missing module is a failure, not a skip. */
const required = process.env.TAONET_REQUIRE_INTEROP === "1";

function skipOrFail(t: { skip: (reason: string) => void }): boolean {
  if (!("skip" in found)) return false;
  if (required) assert.fail(`TAONET_REQUIRE_INTEROP=1 but ${found.skip}`);
  t.skip(found.skip);
  return true;
}

// The two directions are independent: run them concurrently (each spends most of its time in an Argon2i
// derivation, on a worker thread or in the Python process, so they use both cores).
describe(`interop with Python bittensor_wallet${"version" in found ? ` ${found.version}` : ""}`, {
  concurrency: true,
}, () => {
  let root: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir: root, cleanup } = await tempDir("taonet-interop-")));
  after(() => cleanup());

  it("a wallet made by bittensor_wallet opens in taonet (coldkey via its BT_PW_* value, hotkeys, pub files)", async (t) => {
    if (skipOrFail(t)) return;
    const made = py<{
      coldkey: string;
      hotkey: string;
      dev: string;
      envName: string;
      envValue: string;
      message: string;
      signature: string;
    }>(
      `
import ctypes
from bittensor_wallet import Wallet, Keyfile
w = Wallet(name="py", hotkey="h", path=args["root"])
w.regenerate_coldkey(mnemonic=args["mnemonic"], use_password=True, coldkey_password=args["password"], suppress=True)
w.create_new_hotkey(use_password=False, suppress=True)
Wallet(name="py", hotkey="dev", path=args["root"]).create_hotkey_from_uri("//Bob", use_password=False, suppress=True)
kf = w.coldkey_file
kf.save_password_to_env(args["password"])
libc = ctypes.CDLL(None)
libc.getenv.restype = ctypes.c_char_p
env_value = libc.getenv(kf.env_var_name().encode()).decode()
msg = "signed by btwallet"
sig = w.hotkey.sign(msg)
print(json.dumps({"coldkey": w.coldkeypub.ss58_address, "hotkey": w.hotkey.ss58_address,
  "dev": Wallet(name="py", hotkey="dev", path=args["root"]).hotkey.ss58_address,
  "envName": kf.env_var_name(), "envValue": env_value, "message": msg, "signature": sig.hex()}))
`,
      { root, mnemonic: V.mnemonic, password: PASSWORD },
    );
    const loc = { path: root, name: "py", hotkey: "h" };
    assert.equal(made.coldkey, V.address);
    assert.equal(made.envName, passwordEnvVarName(walletFiles(loc).coldkey));
    assert.equal((await loadColdkeypub(loc)).address, V.address);
    assert.equal((await loadHotkeypub(loc)).address, made.hotkey);

    // One Argon2i derivation: the password comes from the variable exactly as btwallet set it.
    const cold = await unlockColdkey({ ...loc, env: { [made.envName]: made.envValue }, prompt: false });
    assert.equal(cold.address, V.address);
    assert.equal(cold.mnemonic, V.mnemonic);

    const hot = await loadHotkey({ ...loc, env: {}, prompt: false });
    assert.equal(hot.address, made.hotkey);
    assert.ok(hot.mnemonic, "btwallet stores the hotkey's mnemonic in clear");
    const dev = await loadHotkey({ ...loc, hotkey: "dev", env: {}, prompt: false });
    assert.equal(dev.address, keypairFromUri("//Bob").address);
    assert.equal(dev.address, made.dev);
    assert.deepEqual(dev.secretKey, keypairFromUri("//Bob").secretKey, "btwallet's privateKey converted");

    const sig = new Uint8Array(Buffer.from(made.signature, "hex"));
    assert.ok(verifyMessage(made.hotkey, new TextEncoder().encode(made.message), sig));

    const listed = (await listWallets({ path: root })).find((w) => w.name === "py");
    assert.deepEqual(
      listed?.hotkeys.map((h) => [h.name, h.address]),
      [
        ["dev", made.dev],
        ["h", made.hotkey],
      ],
    );
  });

  it("a wallet made by taonet opens in bittensor_wallet (coldkey decrypts, keys sign and verify both ways)", async (t) => {
    if (skipOrFail(t)) return;
    const loc = { path: root, name: "ts", hotkey: "h" };
    // One Argon2i derivation (the encryption).
    const { coldkey, hotkey } = await createWallet({
      ...loc,
      coldkeyPassword: { password: PASSWORD, env: {} },
    });
    await regenHotkey({ ...loc, hotkey: "alice", from: { uri: "//Alice" } });
    const hot = await loadHotkey({ ...loc, env: {}, prompt: false });
    assert.ok(hasSecret(hot));
    const message = "signed by taonet";
    const tsSignature = toHex(signMessage(hot, new TextEncoder().encode(message))).slice(2);

    const seen = py<{
      coldkey: string;
      coldkeypub: string;
      hotkey: string;
      hotkeypub: string;
      alice: string;
      aliceSigns: boolean;
      coldkeyEncrypted: boolean;
      hotkeyEncrypted: boolean;
      tsSignatureValid: boolean;
      message: string;
      signature: string;
    }>(
      `
from bittensor_wallet import Wallet, Keypair
w = Wallet(name="ts", hotkey="h", path=args["root"])
cold = w.get_coldkey(password=args["password"])
alice = Wallet(name="ts", hotkey="alice", path=args["root"]).hotkey
msg = "signed by btwallet's copy of a taonet coldkey"
print(json.dumps({"coldkey": cold.ss58_address, "coldkeypub": w.coldkeypub.ss58_address,
  "hotkey": w.hotkey.ss58_address, "hotkeypub": w.hotkeypub.ss58_address,
  "alice": alice.ss58_address, "aliceSigns": Keypair.create_from_uri("//Alice").verify("x", alice.sign("x")),
  "coldkeyEncrypted": w.coldkey_file.is_encrypted(), "hotkeyEncrypted": w.hotkey_file.is_encrypted(),
  "tsSignatureValid": Keypair(ss58_address=w.hotkey.ss58_address).verify(args["message"], bytes.fromhex(args["signature"])),
  "message": msg, "signature": cold.sign(msg).hex()}))
`,
      { root, password: PASSWORD, message, signature: tsSignature },
    );
    assert.equal(seen.coldkey, coldkey.address);
    assert.equal(seen.coldkeypub, coldkey.address);
    assert.equal(seen.hotkey, hotkey.address);
    assert.equal(seen.hotkeypub, hotkey.address);
    assert.equal(seen.coldkeyEncrypted, true);
    assert.equal(seen.hotkeyEncrypted, false);
    assert.equal(seen.alice, V.aliceAddress);
    assert.equal(seen.aliceSigns, true, "btwallet signs with the //Alice key as taonet wrote it");
    assert.equal(seen.tsSignatureValid, true, "btwallet verifies taonet's signature");
    assert.ok(
      verifyMessage(
        coldkey.address,
        new TextEncoder().encode(seen.message),
        Buffer.from(seen.signature, "hex"),
      ),
      "taonet verifies btwallet's signature with the coldkey taonet made",
    );
    const onDisk = JSON.parse(await readFile(hotkeyFiles({ ...loc, hotkey: "alice" }).hotkey, "utf8")) as {
      privateKey: string;
    };
    assert.equal(onDisk.privateKey, V.alicePrivateKeyCanonical);
  });
});
