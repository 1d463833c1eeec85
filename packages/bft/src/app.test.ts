/** The ABCI application in process (no CometBFT): codec, proposal/finalize determinism, recovery. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cryptoReady, devGenesis, encodeTransaction, keyPairFromUri, signTransaction } from "@taonet/chain";
import { type BuiltBlock, TaoNode } from "@taonet/node";
import { pino } from "pino";
import { decodeRequest, encodeResponse, type Request, type Response } from "./abci.js";
import { decodeTx, TaoApp, TX_CODES, validatorAddress, validatorUpdatesOf } from "./app.js";
import { ProtoReader, ProtoWriter } from "./proto.js";

const log = pino({ level: "silent" });
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startApp(dataDir?: string): Promise<{ node: TaoNode; app: TaoApp; dir: string }> {
  await cryptoReady();
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "taonet-app-"));
  if (!dataDir) dirs.push(dir);
  const node = await TaoNode.start({
    genesis: devGenesis(),
    dataDir: dir,
    sealing: "external",
    logger: log,
    verifierThreads: 1,
  });
  return { node, app: new TaoApp({ node, log }), dir };
}

const ts = (ms: number) => new ProtoWriter().uint(1, Math.floor(ms / 1000)).uint(2, (ms % 1000) * 1_000_000);

function finalizeReq(field: 17 | 20, height: number, timeMs: number, txs: Uint8Array[]): Request {
  const w = new ProtoWriter();
  for (const t of txs) w.bytes(1, t);
  w.uint(5, height).message(6, ts(timeMs)).bytes(8, new Uint8Array(20).fill(1));
  return decodeRequest(new ProtoWriter().message(field, w).finish());
}

function prepareReq(height: number, timeMs: number, txs: Uint8Array[], maxTxBytes = 1_000_000): Request {
  const w = new ProtoWriter().uint(1, maxTxBytes);
  for (const t of txs) w.bytes(2, t);
  w.uint(5, height).message(6, ts(timeMs));
  return decodeRequest(new ProtoWriter().message(16, w).finish());
}

/** The deterministic part of ExecTxResults (what CometBFT hashes into LastResultsHash): code and data. */
function resultsOf(res: Response): string {
  const r = new ProtoReader(encodeResponse(res)).message(21);
  return r
    .repeatedBytes(2)
    .map((b) => {
      const x = new ProtoReader(b);
      return `${x.num(1)}:${Buffer.from(x.bytes(2)).toString("hex")}`;
    })
    .join(",");
}

describe("ABCI codec", () => {
  it("decodes a FinalizeBlock request and encodes responses in the Response oneof", () => {
    const req = finalizeReq(20, 7, 1_700_000_000_123, [Uint8Array.of(1, 2, 3)]);
    assert.equal(req.kind, "finalizeBlock");
    if (req.kind !== "finalizeBlock") return;
    assert.equal(req.height, 7);
    assert.equal(req.timeMs, 1_700_000_000_123);
    assert.deepEqual(
      req.txs.map((t) => [...t]),
      [[1, 2, 3]],
    );
    const flush = encodeResponse({ kind: "flush" });
    assert.deepEqual([...flush], [0x1a, 0x00]); // field 3, length 0
    const info = new ProtoReader(
      encodeResponse({ kind: "info", data: "x", version: "v", height: 300, appHash: Uint8Array.of(9) }),
    ).message(4);
    assert.equal(info.num(4), 300);
    assert.deepEqual([...info.bytes(5)], [9]);
  });

  it("accepts only canonical transaction bytes", async () => {
    await cryptoReady();
    const tx = signTransaction("0x00", keyPairFromUri("//Alice"), {
      nonce: 3,
      call: {
        module: "balances",
        method: "transfer_keep_alive",
        args: { dest: keyPairFromUri("//Bob").address, value: "1" },
      },
    });
    const bytes = encodeTransaction(tx);
    assert.deepEqual(decodeTx(bytes), tx);
    assert.equal(decodeTx(Uint8Array.of(1, 2, 3)), undefined);
    assert.equal(decodeTx(Buffer.concat([bytes, Uint8Array.of(0)])), undefined);
  });
});

describe("TaoApp", () => {
  it("a proposal executed by its proposer and by another validator gives the same results and app hash", async () => {
    const a = await startApp();
    const b = await startApp();
    const alice = keyPairFromUri("//Alice");
    const bob = keyPairFromUri("//Bob").address;
    const txs = [1, 0, 2].map((nonce) =>
      encodeTransaction(
        signTransaction(a.node.spec.genesisHash, alice, {
          nonce,
          call: { module: "balances", method: "transfer_keep_alive", args: { dest: bob, value: "1000" } },
        }),
      ),
    );
    for (const x of [a, b]) {
      const init = await x.app.handle(
        decodeRequest(new ProtoWriter().message(5, new ProtoWriter().uint(6, 1)).finish()),
      );
      assert.equal(init.kind, "initChain");
    }
    // the proposer reorders by nonce and keeps all three
    const prep = await a.app.handle(prepareReq(1, 1_000_000, [...txs, Uint8Array.of(7, 7)]));
    assert.equal(prep.kind, "prepareProposal");
    if (prep.kind !== "prepareProposal") return;
    assert.equal(prep.txs.length, 3);
    assert.deepEqual(
      prep.txs.map((t) => decodeTx(t)?.nonce),
      [0, 1, 2],
    );
    const proc = await b.app.handle(finalizeReq(17, 1, 1_000_000, [...prep.txs]));
    assert.deepEqual(proc, { kind: "processProposal", accept: true });
    const bad = await b.app.handle(finalizeReq(17, 1, 1_000_000, [Uint8Array.of(7, 7)]));
    assert.deepEqual(bad, { kind: "processProposal", accept: false });
    // the proposer reuses its executed proposal; the other validator executes it
    const fa = await a.app.handle(finalizeReq(20, 1, 1_000_000, [...prep.txs, prep.txs[0] as Uint8Array]));
    const fb = await b.app.handle(finalizeReq(20, 1, 1_000_000, [...prep.txs, prep.txs[0] as Uint8Array]));
    assert.equal(resultsOf(fa), resultsOf(fb));
    if (fa.kind !== "finalizeBlock" || fb.kind !== "finalizeBlock") return assert.fail();
    assert.deepEqual(fa.appHash, fb.appHash);
    assert.deepEqual(
      fa.txResults.map((r) => r.code),
      [0, 0, 0, TX_CODES.Stale],
    );
    assert.match(fa.txResults[3]?.log ?? "", /^Stale: /);
    for (const x of [a, b])
      assert.deepEqual(await x.app.handle({ kind: "commit" }), { kind: "commit", retainHeight: 0 });
    // after a restart, Info reports the committed height and app hash (CometBFT replays from there)
    await a.node.stop();
    const again = await startApp(a.dir);
    const info = await again.app.handle({ kind: "info", version: "" });
    assert.equal(info.kind === "info" && info.height, 1);
    assert.deepEqual(info.kind === "info" && info.appHash, fa.appHash);
    await again.node.stop();
    await b.node.stop();
  });
});

describe("validator updates", () => {
  const key = (b: number) => `0x${b.toString(16).padStart(2, "0").repeat(32)}`;
  const built = (updates: Array<[string, bigint]>) =>
    ({
      block: {
        events: updates.map(([pubKey, power]) => ({
          pallet: "Consensus",
          name: "ValidatorUpdated",
          data: { pubKey, power },
        })),
      },
    }) as unknown as BuiltBlock;
  const set = [1, 2].map((b) => ({
    address: Buffer.from(validatorAddress(Buffer.from(key(b).slice(2), "hex")), "hex"),
    power: 10n,
  }));

  it("passes additions and power changes, the last one per key", () => {
    const out = validatorUpdatesOf(
      built([
        [key(3), 5n],
        [key(1), 20n],
        [key(3), 7n],
      ]),
      set,
    );
    assert.deepEqual(
      out.map((u) => [Buffer.from(u.pubKey).toString("hex").slice(0, 2), u.power]),
      [
        ["03", 7n],
        ["01", 20n],
      ],
    );
  });

  it("drops removals CometBFT would refuse: an unknown key, or the last validators", () => {
    assert.deepEqual(validatorUpdatesOf(built([[key(9), 0n]]), set), []);
    assert.deepEqual(
      validatorUpdatesOf(
        built([
          [key(1), 0n],
          [key(2), 0n],
        ]),
        set,
      ),
      [],
    );
    assert.equal(validatorUpdatesOf(built([[key(1), 0n]]), set).length, 1);
  });
});
