import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { inspect } from "node:util";
import { checkSignature, cryptoReady, signTransaction, verify } from "@taonet/chain";
import { isWalletError } from "./errors.js";
import {
  generateMnemonic,
  isValidMnemonic,
  keypairFromMnemonic,
  keypairFromPrivateKey,
  keypairFromSeed,
  keypairFromUri,
  privateKeyFromPolkadot,
  privateKeyToPolkadot,
  publicKeyInfo,
  signMessage,
  toHex,
  verifyMessage,
} from "./keys.js";
import { V } from "./testing/vectors.js";

describe("keys: the reference's vectors (sdk.md §2.6, btwallet tests/test_keyfile.py)", () => {
  it("mnemonic → SS58 address and public key", () => {
    const pair = keypairFromMnemonic(V.mnemonic);
    assert.equal(pair.address, V.address);
    assert.equal(toHex(pair.publicKey), V.publicKey);
    assert.equal(pair.mnemonic, V.mnemonic);
  });

  it("mnemonic → mini-secret (secretSeed), and seed → the same address", () => {
    const pair = keypairFromMnemonic(V.mnemonic);
    assert.equal(toHex(pair.seed ?? new Uint8Array()), V.secretSeed);
    const fromSeed = keypairFromSeed(V.secretSeed);
    assert.equal(fromSeed.address, V.address);
    assert.deepEqual(fromSeed.secretKey, pair.secretKey);
  });

  it("the privateKey quirk: btwallet's canonical key ↔ @polkadot/util-crypto's (scalar × 8)", () => {
    const pair = keypairFromMnemonic(V.mnemonic);
    assert.equal(toHex(pair.secretKey), V.privateKeyPolkadot);
    assert.equal(toHex(privateKeyFromPolkadot(pair.secretKey)), V.privateKeyCanonical);
    const canonical = Buffer.from(V.privateKeyCanonical.slice(2), "hex");
    assert.equal(toHex(privateKeyToPolkadot(canonical)), V.privateKeyPolkadot);
    const fromPrivate = keypairFromPrivateKey(V.privateKeyCanonical);
    assert.equal(fromPrivate.address, V.address);
    assert.deepEqual(fromPrivate.secretKey, pair.secretKey);
  });

  it("an SS58 address with prefix 0 gives the same public key (re-encoded with prefix 42)", () => {
    const info = publicKeyInfo(V.addressPrefix0);
    assert.equal(toHex(info.publicKey), V.publicKey);
    assert.equal(info.address, V.address);
  });

  it("secret URIs: mnemonic//hard, mnemonic/soft, dev phrase paths, long junctions hashed", () => {
    assert.equal(
      keypairFromUri(`${V.mnemonic}//Alice`).address,
      "5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN",
    );
    assert.equal(
      keypairFromUri(`${V.mnemonic}/Alice`).address,
      "5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i",
    );
    assert.equal(keypairFromUri("//Alice").address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    assert.equal(keypairFromUri("//Bob/test").address, "5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf");
    assert.equal(keypairFromUri("/Bob//test").address, "5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx");
    assert.equal(
      keypairFromUri("//PathNameLongerThan32BytesWhichShouldBeHashed").address,
      "5GR5pfZeNs1uQiSWVxZaQiZou3wdZiX894eqgvfNfHbEh7W2",
    );
  });

  it("//Alice's private key in canonical form equals what btwallet 4.1.1 writes for create_coldkey_from_uri", () => {
    const alice = keypairFromUri("//Alice");
    assert.equal(toHex(privateKeyFromPolkadot(alice.secretKey)), V.alicePrivateKeyCanonical);
    assert.equal(keypairFromPrivateKey(V.alicePrivateKeyCanonical).address, alice.address);
  });
});

describe("keys: generation and validation", () => {
  it("generates valid 12- and 24-word mnemonics, each a different key", () => {
    const a = generateMnemonic();
    const b = generateMnemonic(24);
    assert.equal(a.split(" ").length, 12);
    assert.equal(b.split(" ").length, 24);
    assert.ok(isValidMnemonic(a) && isValidMnemonic(b));
    assert.notEqual(keypairFromMnemonic(a).address, keypairFromMnemonic(generateMnemonic()).address);
  });

  it("accepts extra whitespace in a mnemonic", () => {
    assert.equal(keypairFromMnemonic(`  ${V.mnemonic.replaceAll(" ", "   ")}\n`).address, V.address);
  });

  it("rejects a bad mnemonic without echoing it", () => {
    const bad = V.mnemonic.replace("review", "abandon");
    assert.throws(
      () => keypairFromMnemonic(bad),
      (e) => isWalletError(e, "InvalidMnemonic") && !e.message.includes("leopard"),
    );
    assert.throws(
      () => generateMnemonic(13 as 12),
      (e) => isWalletError(e, "InvalidMnemonic"),
    );
  });

  it("rejects malformed seeds, private keys and addresses without echoing them", () => {
    const secret = "0xdeadbeef";
    assert.throws(
      () => keypairFromSeed(secret),
      (e) => isWalletError(e, "InvalidKey") && !e.message.includes(secret),
    );
    assert.throws(
      () => keypairFromPrivateKey(`${V.secretSeed}zz`),
      (e) => isWalletError(e, "InvalidKey"),
    );
    assert.throws(
      () => publicKeyInfo("5notanaddress"),
      (e) => isWalletError(e, "InvalidKey"),
    );
    const nonCanonical = Buffer.from(V.privateKeyCanonical.slice(2), "hex");
    nonCanonical[31] = 0xff;
    assert.throws(
      () => privateKeyToPolkadot(nonCanonical),
      (e) => isWalletError(e, "InvalidKey"),
    );
  });
});

describe("keys: no accidental leaks", () => {
  it("JSON.stringify and util.inspect of a key pair show no secret", () => {
    for (const pair of [
      keypairFromMnemonic(V.mnemonic),
      keypairFromSeed(V.secretSeed),
      keypairFromUri("//Alice"),
    ]) {
      for (const shown of [JSON.stringify(pair), inspect(pair), inspect({ nested: pair }, { depth: 5 })]) {
        assert.ok(shown.includes(pair.address), shown);
        assert.ok(!shown.includes("leopard"), shown);
        assert.ok(!shown.includes(V.secretSeed.slice(2, 18)), shown);
        assert.ok(!shown.includes(toHex(pair.secretKey).slice(2, 18)), shown);
      }
    }
    assert.equal(keypairFromMnemonic(V.mnemonic).mnemonic, V.mnemonic, "the fields stay readable");
  });
});

describe("keys: signing", () => {
  before(cryptoReady);

  it("signs and verifies messages (sr25519, context substrate)", () => {
    const pair = keypairFromMnemonic(V.mnemonic);
    const msg = new TextEncoder().encode("hello taonet");
    const sig = signMessage(pair, msg);
    assert.ok(verifyMessage(pair.address, msg, sig));
    assert.ok(verify(pair.address, msg, sig), "the chain's schnorrkel verifier accepts it");
    assert.ok(!verifyMessage(pair.address, new TextEncoder().encode("hello"), sig));
  });

  it("a wallet key pair is a @taonet/chain signer (signTransaction / checkSignature)", () => {
    const pair = keypairFromPrivateKey(V.privateKeyCanonical);
    const genesis = `0x${"11".repeat(32)}`;
    const tx = signTransaction(genesis, pair, {
      nonce: 0,
      call: { module: "balances", method: "transfer_keep_alive", args: { dest: V.address, value: 1n } },
    });
    assert.equal(tx.signer, V.address);
    assert.doesNotThrow(() => checkSignature(genesis, tx));
    assert.throws(() => checkSignature(`0x${"22".repeat(32)}`, tx));
  });
});
