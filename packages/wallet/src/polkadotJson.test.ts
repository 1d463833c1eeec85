import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { isWalletError } from "./errors.js";
import { keypairFromUri, toHex } from "./keys.js";
import { keypairFromPolkadotJson } from "./polkadotJson.js";
import { V } from "./testing/vectors.js";

describe("polkadot-js JSON backups (btcli regen-coldkey --json)", () => {
  it("imports an sr25519 backup made by @polkadot/keyring", async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    const json = keyring.addFromUri(V.mnemonic).toJson("backup-pass");
    const pair = keypairFromPolkadotJson(JSON.stringify(json), "backup-pass");
    assert.equal(pair.address, V.address);
    assert.equal(toHex(pair.secretKey), V.privateKeyPolkadot);
    const alice = keypairFromPolkadotJson(keyring.addFromUri("//Alice").toJson("x"), "x");
    assert.deepEqual(alice.secretKey, keypairFromUri("//Alice").secretKey);
  });

  it("a wrong password is WrongPassword; other key types and junk are refused", async () => {
    const keyring = new Keyring({ type: "sr25519" });
    const json = keyring.addFromUri("//Bob").toJson("right");
    assert.throws(
      () => keypairFromPolkadotJson(json, "wrong"),
      (e) => isWalletError(e, "WrongPassword"),
    );
    const ed = new Keyring({ type: "ed25519" }).addFromUri("//Bob").toJson("right");
    assert.throws(
      () => keypairFromPolkadotJson(ed, "right"),
      (e) => isWalletError(e, "UnsupportedCryptoType"),
    );
    assert.throws(
      () => keypairFromPolkadotJson("{", "x"),
      (e) => isWalletError(e, "KeyFileDecryptionError"),
    );
    assert.throws(
      () => keypairFromPolkadotJson({ a: 1 }, "x"),
      (e) => isWalletError(e, "KeyFileDecryptionError"),
    );
  });
});
