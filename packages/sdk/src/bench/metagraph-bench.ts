/**
 * Benchmark: syncing the metagraph of a 256-uid subnet through the SDK (one WebSocket round trip to a
 * real node process, JSON parse, typed columns with bigint amounts). Not a test.
 */
import { cryptoReady, keyPairFromUri } from "@taonet/chain";
import { hyperparameterCall, sudo } from "../actions/admin.js";
import { getMetagraph } from "../actions/metagraph.js";
import { sendTransaction } from "../actions/send.js";
import { registerSubnet, startCall } from "../actions/wallet.js";
import { type Client, createClient } from "../client.js";
import { type DevNode, startDevNode } from "../testing/node.js";

const UIDS = 256;

interface Input {
  readonly node: DevNode;
  readonly client: Client;
  readonly netuid: number;
}

export interface BenchCase<T> {
  readonly name: string;
  readonly target?: string;
  readonly items: number;
  readonly itemName: string;
  setup(): Promise<T>;
  run(input: T): Promise<unknown>;
  teardown?(input: T): Promise<void>;
}

/** A dev node with a started subnet of 256 registered uids. */
export async function subnetOf256(): Promise<Input> {
  await cryptoReady();
  const node = await startDevNode({ blockTimeMs: 20 });
  const client = createClient({ url: node.url, maxConcurrent: 300, inclusionTimeoutMs: 120_000 });
  const alice = keyPairFromUri("//Alice");
  const { netuid } = await registerSubnet(client, {
    signer: alice,
    hotkey: keyPairFromUri("//BenchOwner").address,
  });
  await startCall(client, { signer: alice, netuid });
  for (const [name, value] of [
    ["max_registrations_per_block", UIDS],
    ["target_registrations_per_interval", UIDS],
  ] as const)
    await sudo(client, { signer: alice, call: hyperparameterCall(netuid, name, value) });
  await Promise.all(
    Array.from({ length: UIDS - 1 }, (_, i) =>
      sendTransaction(client, {
        signer: alice,
        call: {
          module: "subtensor",
          method: "burned_register",
          args: { netuid, hotkey: keyPairFromUri(`//BenchHot${i}`).address },
        },
      }),
    ),
  );
  const mg = await getMetagraph(client, netuid);
  if (mg.n !== UIDS) throw new Error(`expected ${UIDS} uids, got ${mg.n}`);
  return { node, client, netuid };
}

const teardown = async (input: Input) => {
  await input.client.close();
  await input.node.dispose();
};

export const metagraphBenchCases: BenchCase<Input>[] = [
  {
    name: "SDK metagraph sync, full, 256 uids (WebSocket, real node)",
    target: "<= 50 ms",
    items: UIDS,
    itemName: "uid",
    setup: subnetOf256,
    run: (i) => getMetagraph(i.client, i.netuid, { lite: false }),
    teardown,
  },
  {
    name: "SDK metagraph sync, lite, 256 uids (WebSocket, real node)",
    target: "<= 50 ms",
    items: UIDS,
    itemName: "uid",
    setup: subnetOf256,
    run: (i) => getMetagraph(i.client, i.netuid),
    teardown,
  },
];
