import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isWalletError } from "./errors.js";
import { keyfileJson, parseKeyfile, publicKeyfileJson, serializeKeyfile } from "./keyfile.js";
import { hasSecret, keypairFromMnemonic, keypairFromUri, toHex } from "./keys.js";
import { V } from "./testing/vectors.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const json = (o: unknown) => utf8(JSON.stringify(o));

describe("keyfile JSON (btwallet serialized_keypair_to_keyfile_data)", () => {
  it("writes btwallet's fields: canonical privateKey, secretPhrase, secretSeed (no cryptoType: btwallet 4.0 rejects it)", () => {
    const data = keyfileJson(keypairFromMnemonic(V.mnemonic));
    assert.deepEqual(data, {
      accountId: V.publicKey,
      publicKey: V.publicKey,
      privateKey: V.privateKeyCanonical,
      secretPhrase: V.mnemonic,
      secretSeed: V.secretSeed,
      ss58Address: V.address,
    });
    assert.deepEqual(publicKeyfileJson(keypairFromMnemonic(V.mnemonic)), {
      accountId: V.publicKey,
      publicKey: V.publicKey,
      ss58Address: V.address,
    });
  });

  it("a URI key has only a privateKey, as btwallet writes it", () => {
    const data = keyfileJson(keypairFromUri("//Alice"));
    assert.equal(data.privateKey, V.alicePrivateKeyCanonical);
    assert.equal(data.secretPhrase, undefined);
    assert.equal(data.secretSeed, undefined);
  });

  it("round-trips through bytes", () => {
    const pair = keypairFromMnemonic(V.mnemonic);
    const back = parseKeyfile(serializeKeyfile(keyfileJson(pair)));
    assert.ok(hasSecret(back));
    assert.equal(back.address, V.address);
    assert.deepEqual(back.secretKey, pair.secretKey);
    assert.equal(back.mnemonic, V.mnemonic);
  });
});

describe("keyfile JSON reading (btwallet deserialize_keypair_from_keyfile_data)", () => {
  it("reads btwallet 4.1.1's //Alice keyfile (privateKey only) through the privateKey quirk", () => {
    const file = `{"ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY","cryptoType":1,"publicKey":"${V.alicePublicKey}","privateKey":"${V.alicePrivateKeyCanonical}","accountId":"${V.alicePublicKey}"}`;
    const key = parseKeyfile(utf8(file));
    assert.ok(hasSecret(key));
    assert.equal(key.address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    assert.deepEqual(key.secretKey, keypairFromUri("//Alice").secretKey);
  });

  it("prefers secretPhrase, then secretSeed, then privateKey", () => {
    const fromSeed = parseKeyfile(json({ secretSeed: V.secretSeed }));
    assert.equal(fromSeed.address, V.address);
    const fromPrivate = parseKeyfile(json({ privateKey: V.privateKeyCanonical }));
    assert.equal(fromPrivate.address, V.address);
    // An older btwallet (3.x) file without cryptoType, phrase first.
    const full = parseKeyfile(
      json({ secretPhrase: V.mnemonic, secretSeed: V.secretSeed, ss58Address: V.address }),
    );
    assert.ok(hasSecret(full));
    assert.equal(full.mnemonic, V.mnemonic);
  });

  it("reads public-only files (coldkeypub.txt) from ss58Address or publicKey", () => {
    const pub = parseKeyfile(json({ ss58Address: V.address }));
    assert.ok(!hasSecret(pub));
    assert.equal(toHex(pub.publicKey), V.publicKey);
    assert.equal(parseKeyfile(json({ publicKey: V.publicKey })).address, V.address);
  });

  it("rejects corrupted files with KeyFileDecryptionError and never quotes a secret", () => {
    const cases: [string, Uint8Array][] = [
      ["empty", utf8("")],
      ["not json", utf8("{nope")],
      ["array", utf8("[]")],
      ["no key", json({ foo: 1 })],
      ["bad phrase", json({ secretPhrase: `${V.mnemonic} extra` })],
      ["bad seed", json({ secretSeed: "0x1234" })],
      ["non-string", json({ secretSeed: 5 })],
      [
        "mismatch",
        json({ secretSeed: V.secretSeed, ss58Address: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" }),
      ],
      ["bad pubkey", json({ secretSeed: V.secretSeed, publicKey: V.alicePublicKey })],
      ["binary", new Uint8Array([0xff, 0xfe, 0x00])],
    ];
    for (const [name, data] of cases) {
      assert.throws(
        () => parseKeyfile(data, "/w/hotkeys/h"),
        (e) =>
          isWalletError(e, "KeyFileDecryptionError") &&
          e.path === "/w/hotkeys/h" &&
          !e.message.includes("leopard") &&
          !e.message.includes(V.secretSeed.slice(2, 20)),
        name,
      );
    }
  });

  it("accepts cryptoType 1 as btwallet 4.1 writes it (number) or as a string", () => {
    assert.equal(parseKeyfile(json({ secretSeed: V.secretSeed, cryptoType: 1 })).address, V.address);
    assert.equal(parseKeyfile(json({ secretSeed: V.secretSeed, cryptoType: "1" })).address, V.address);
  });

  it("rejects key types other than sr25519", () => {
    assert.throws(
      () => parseKeyfile(json({ secretSeed: V.secretSeed, cryptoType: 0 })),
      (e) => isWalletError(e, "UnsupportedCryptoType"),
    );
  });
});
