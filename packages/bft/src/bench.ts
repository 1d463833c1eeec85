/**
 * `npm run bench:bft`: transactions per second included by a 4-validator loopback testnet, and the block
 * interval it sustains. Signed transfers from 24 funded senders go to CometBFT's `broadcast_tx_sync` on all
 * four nodes (each sender to one node, BENCH_WINDOW JSON-RPC batches of BENCH_BATCH in flight); the clock runs from the first submission to the
 * block that includes the last one. Prints one JSON line. Skips (exit 0) without cometbft.
 */
import { encodeTransaction, type KeyPair, keyPairFromUri, signTransaction } from "@taonet/chain";
import { Net, rpcCall, skipReason, Wallet } from "./e2e/net.js";

interface BlockInfo {
  number: number;
  timestamp: number;
  transactionCount?: number;
  transactions: string[];
}

async function main(): Promise<void> {
  const reason = skipReason();
  if (reason) {
    process.stdout.write(`bench:bft skipped: ${reason}\n`);
    return;
  }
  const total = Number(process.env.BENCH_TXS ?? 6000);
  const WINDOW = Number(process.env.BENCH_WINDOW ?? 4);
  const BATCH = Number(process.env.BENCH_BATCH ?? 25);
  const net = Net.create(4);
  try {
    await net.startAll();
    await net.waitHeight(2, [0, 1, 2, 3], 60_000);
    const wallet = await Wallet.create();
    const alice = keyPairFromUri("//Alice");
    const senders: KeyPair[] = Array.from({ length: 24 }, (_, i) => keyPairFromUri(`//bench/${i}`));
    // fund the senders (one block)
    const aliceNonce = await rpcCall<number>(net.rpc(0), "author_nextNonce", { address: alice.address });
    const funding = await Promise.all(
      senders.map((s, i) =>
        rpcCall<{ blockNumber: number }>(net.rpc(0), "author_submitTransaction", {
          tx: wallet.transfer(alice, aliceNonce + i, s.address, 1_000_000_000_000n),
          wait: i === senders.length - 1 ? "inclusion" : "none",
        }),
      ),
    );
    await net.waitHeight((funding.at(-1) as { blockNumber: number }).blockNumber, [0, 1, 2, 3], 30_000);
    const dest = keyPairFromUri("//bench/dest").address;
    const perSender = Math.ceil(total / senders.length);
    const signed = senders.map((s) =>
      Array.from({ length: perSender }, (_, nonce) =>
        encodeTransaction(
          signTransaction(wallet.genesisHash, s, {
            nonce,
            call: { module: "balances", method: "transfer_keep_alive", args: { dest, value: "1000000" } },
          }),
        ),
      ),
    );
    const startHead = (await rpcCall<{ number: number }>(net.rpc(0), "chain_getHead")).number;
    const t0 = Date.now();
    let rejected = 0;
    await Promise.all(
      signed.map(async (txs, k) => {
        // a window of requests in flight per sender: CheckTx admits future nonces, proposals sort them
        const comet = net.comet(k % 4);
        let next = 0;
        await Promise.all(
          Array.from({ length: WINDOW }, async () => {
            while (next < txs.length) {
              const batch = txs.slice(next, next + BATCH);
              next += batch.length;
              for (const r of await comet.broadcastTxSyncBatch(batch))
                if (!("code" in r) || r.code !== 0) rejected++;
            }
          }),
        );
      }),
    );
    const tSubmitted = Date.now();
    const expected = BigInt(perSender * senders.length) * 1_000_000n;
    for (;;) {
      const acc = await rpcCall<{ free: string }>(net.rpc(0), "state_getAccount", { address: dest });
      if (BigInt(acc.free) >= expected) break;
      if (Date.now() - t0 > 300_000) throw new Error(`not all included after 300 s: ${acc.free}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const tIncluded = Date.now();
    const endHead = (await rpcCall<{ number: number }>(net.rpc(0), "chain_getHead")).number;
    const blocks: BlockInfo[] = [];
    for (let n = startHead + 1; n <= endHead; n++)
      blocks.push((await net.block(0, n)) as unknown as BlockInfo);
    const txCount = blocks.reduce((a, b) => a + b.transactions.length, 0);
    const first = blocks[0] as BlockInfo;
    const last = blocks.at(-1) as BlockInfo;
    const spanS = (last.timestamp - first.timestamp) / 1000;
    const result = {
      validators: 4,
      transactions: perSender * senders.length,
      rejectedAtCheckTx: rejected,
      submitSeconds: (tSubmitted - t0) / 1000,
      includedSeconds: (tIncluded - t0) / 1000,
      txPerSecond: Math.round((perSender * senders.length) / ((tIncluded - t0) / 1000)),
      blocks: blocks.length,
      txsInBlocks: txCount,
      maxTxsPerBlock: Math.max(...blocks.map((b) => b.transactions.length)),
      meanBlockIntervalMs: blocks.length > 1 ? Math.round((spanS * 1000) / (blocks.length - 1)) : null,
      blocksPerSecond: blocks.length > 1 ? Number(((blocks.length - 1) / spanS).toFixed(2)) : null,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    await net.assertAgree(endHead, [0, 1, 2, 3]);
  } finally {
    await net.stopAll();
    net.cleanup();
  }
}

await main();
