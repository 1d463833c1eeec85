/**
 * End-to-end: `tao state dump` from a running dev node, `tao node start --from-state` on the snapshot, and
 * the round trip dump → load → dump (the new chain's first block is the source block's number and state
 * root; its genesis hash differs). Bad snapshots and bad dump arguments exit with 2, an unreachable node 1.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  cryptoReady,
  type KeyPair,
  keyPairFromUri,
  type SignedTransaction,
  signTransaction,
} from "@taonet/chain";
import { jsonValue } from "./json.js";
import { httpCall } from "./testing/client.js";
import { type NodeProcess, startNodeProcess, TAO_BIN } from "./testing/process.js";

const TAO = 1_000_000_000n;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "taonet-from-state-"));
  dirs.push(d);
  return d;
};
const tao = (args: string[]) => {
  const r = spawnSync(process.execPath, [TAO_BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

interface Header {
  number: number;
  hash: string;
  stateRoot: string;
}
interface Info {
  genesisHash: string;
  head: number;
}

async function submit(
  url: string,
  genesisHash: string,
  pair: KeyPair,
  module: string,
  method: string,
  args: Record<string, unknown>,
): Promise<void> {
  const nonce = await httpCall<number>(url, "author_nextNonce", [pair.address]);
  const tx = jsonValue(
    signTransaction(genesisHash, pair, { nonce, call: { module, method, args } }),
  ) as SignedTransaction;
  const included = httpCall<{ receipt: { success: boolean } }>(url, "author_submitTransaction", {
    tx,
    wait: "inclusion",
    timeoutMs: 20_000,
  });
  let done = false;
  void included.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  // admission is asynchronous (batched signature checks): mine until the transaction is in a block
  for (let i = 0; i < 50 && !done; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (!done) await httpCall(url, "dev_mine", [1]);
  }
  const { receipt } = await included;
  assert.ok(receipt.success, `${module}.${method}: ${JSON.stringify(receipt)}`);
}

describe("state snapshots from a running node (end to end)", () => {
  const alice = keyPairFromUri("//Alice");
  const hot = keyPairFromUri("//Alice/snapshot-hot").address;
  let source: NodeProcess;
  let copy: NodeProcess | undefined;
  let netuid: number;
  const stake = async (url: string) =>
    BigInt(
      (
        await httpCall<{ stake: string }>(url, "state_getStakeInfoForHotkeyColdkeyNetuid", {
          hotkey: hot,
          coldkey: alice.address,
          netuid,
        })
      ).stake,
    );

  before(async () => {
    await cryptoReady();
    source = await startNodeProcess(["--sealing", "manual", "--rpc-port", "0", "--data-dir", tmp()]);
  });
  after(async () => {
    await source?.stop();
    await copy?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("dumps a dev chain, starts a new chain from the dump, and dumps it identically", async () => {
    const url = source.url;
    const { genesisHash } = await httpCall<Info>(url, "system_info");
    const before = await httpCall<Array<{ netuid: number }>>(url, "subnet_list");
    await submit(url, genesisHash, alice, "subtensor", "register_network", { hotkey: hot });
    const after = await httpCall<Array<{ netuid: number }>>(url, "subnet_list");
    const added = after.find((s) => !before.some((b) => b.netuid === s.netuid));
    assert.ok(added, "the subnet was registered");
    netuid = added.netuid;
    await submit(url, genesisHash, alice, "subtensor", "start_call", { netuid });
    await submit(url, genesisHash, alice, "subtensor", "add_stake", {
      hotkey: hot,
      netuid,
      amount_staked: (100n * TAO).toString(),
    });
    await httpCall(url, "dev_mine", [3]);
    const staked = await stake(url);
    assert.ok(staked > 0n, "the stake is there");
    const head = await httpCall<Header>(url, "chain_getHead");

    const dir = tmp();
    const first = join(dir, "first.json");
    const r = tao(["state", "dump", "--rpc", url, "--at", String(head.number), "--out", first]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(first, "utf8");
    const snap = JSON.parse(text) as { format: string; items: Record<string, unknown> };
    assert.equal(snap.format, "taonet-state/1");
    assert.equal(snap.items.Number, head.number);
    // stdout and --at by hash give the same text
    const byHash = tao(["state", "dump", "--rpc", url, "--at", head.hash]);
    assert.equal(byHash.code, 0, byHash.stderr);
    assert.equal(byHash.stdout, text);
    // one subnet
    const sub = tao(["state", "dump", "--rpc", url, "--netuid", String(netuid)]);
    assert.equal(sub.code, 0, sub.stderr);
    assert.equal((JSON.parse(sub.stdout) as { netuid: number }).netuid, netuid);

    const copyDir = tmp();
    const args = ["--from-state", first, "--sealing", "manual", "--rpc-port", "0", "--data-dir", copyDir];
    copy = await startNodeProcess(args);
    const info = await httpCall<Info>(copy.url, "system_info");
    assert.notEqual(info.genesisHash, genesisHash, "a new chain");
    const genesis = await httpCall<Header>(copy.url, "chain_getHead");
    assert.equal(genesis.number, head.number, "the first block is the snapshot's block");
    assert.equal(genesis.stateRoot, head.stateRoot, "with the source block's state root");
    const second = join(dir, "second.json");
    const r2 = tao(["state", "dump", "--rpc", copy.url, "--out", second]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(readFileSync(second, "utf8"), text, "dump → load → dump is identical");
    assert.equal(await stake(copy.url), staked);

    // the new chain produces blocks and takes transactions signed for it
    await submit(copy.url, info.genesisHash, alice, "subtensor", "add_stake", {
      hotkey: hot,
      netuid,
      amount_staked: (10n * TAO).toString(),
    });
    await httpCall(copy.url, "dev_mine", [2]);
    const later = await httpCall<Header>(copy.url, "chain_getHead");
    assert.equal(later.number, head.number + 3);
    assert.ok((await stake(copy.url)) > staked, "staked more on the new chain");
    // blocks before the first are unknown; the first one's state is still queryable
    const early = tao(["state", "dump", "--rpc", copy.url, "--at", String(head.number - 1)]);
    assert.equal(early.code, 2);
    assert.match(early.stderr, /UnknownBlock/);
    const again = tao(["state", "dump", "--rpc", copy.url, "--at", String(head.number)]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, text);

    // restart with the same data directory: resumes (the snapshot only has to match)
    await copy.stop();
    copy = await startNodeProcess(args);
    assert.equal((await httpCall<Header>(copy.url, "chain_getHead")).hash, later.hash);
    assert.match(copy.stderr(), /resuming/);
    await copy.stop();
    copy = undefined;
    // another snapshot on that data directory is another chain: refused
    const other = join(dir, "other.json");
    writeFileSync(other, text.replace(`"Number": ${head.number}`, `"Number": ${head.number + 1}`));
    await assert.rejects(
      startNodeProcess(["--from-state", other, "--rpc-port", "0", "--data-dir", copyDir]),
      /GenesisMismatch|holds chain/,
    );
  });

  it("refuses bad snapshots and bad arguments with exit code 2, an unreachable node with 1", () => {
    const dir = tmp();
    const start = (file: string) =>
      tao(["node", "start", "--from-state", file, "--rpc-port", "0", "--data-dir", join(dir, "data")]);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "taonet-state/1", items: { SubnetTAO: { "1": "-5" } } }));
    let r = start(bad);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /SubnetTAO\["1"\]/);
    writeFileSync(bad, JSON.stringify({ format: "taonet-state/1", items: { NoSuchItem: 1 } }));
    r = start(bad);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /NoSuchItem/);
    writeFileSync(bad, "{ not json");
    assert.equal(start(bad).code, 2);
    assert.equal(start(join(dir, "missing.json")).code, 2);
    assert.equal(tao(["state", "dump", "--at", "yesterday"]).code, 2);
    assert.equal(tao(["state", "dump", "--netuid", "-1"]).code, 2);
    assert.equal(tao(["state", "dump", "--rpc", "ftp://x"]).code, 2);
    r = tao(["state", "dump", "--rpc", "http://127.0.0.1:1"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot reach the node/);
  });
});
