/**
 * The metagraph of a subnet in one call, lite or full, with typed columns (bigint amounts, u16
 * proportions as numbers 0..65535 — `u16ToFloat` for 0..1), and a watcher that keeps it current.
 */
import type { Metagraph } from "@taonet/chain";
import type { Client } from "../client.js";
import type { Subscription } from "../transport/types.js";
import { type AtParameter, big, bigs, getHead, type Header } from "./public.js";

/** The lite metagraph: keys, activity, permits, stakes, emission, incentive, dividends (no axons, weights). */
export type MetagraphLite = Pick<
  Metagraph,
  | "netuid"
  | "mecid"
  | "block"
  | "n"
  | "registrationCost"
  | "hotkeys"
  | "coldkeys"
  | "active"
  | "validatorPermit"
  | "alphaStake"
  | "taoStake"
  | "totalStake"
  | "emission"
  | "incentives"
  | "dividends"
>;

export type { Metagraph };

export interface MetagraphOptions extends AtParameter {
  /** Lite (the default, like the reference) or full (axons, last update, consensus, trust, registration blocks). */
  readonly lite?: boolean;
  /** Mechanism id (default 0). */
  readonly mecid?: number;
}

/** A u16 proportion (65535 = 1) as a float in 0..1. */
export const u16ToFloat = (v: number): number => v / 65_535;

/** @internal */
export function parseMetagraph(r: Record<string, unknown>): Metagraph {
  const m = r as unknown as Metagraph;
  return {
    ...m,
    registrationCost: big(r.registrationCost),
    alphaStake: bigs(r.alphaStake),
    taoStake: bigs(r.taoStake),
    totalStake: bigs(r.totalStake),
    emission: bigs(r.emission),
  };
}

/**
 * The metagraph of `netuid`: one round trip. `lite: false` gives the full one.
 *
 * @example
 * const mg = await getMetagraph(client, 1);
 * for (let uid = 0; uid < mg.n; uid++) console.log(uid, mg.hotkeys[uid], formatTao(mg.totalStake[uid]));
 */
export function getMetagraph(
  client: Client,
  netuid: number,
  options: MetagraphOptions & { lite: false },
): Promise<Metagraph>;
export function getMetagraph(
  client: Client,
  netuid: number,
  options?: MetagraphOptions & { lite?: true },
): Promise<MetagraphLite>;
export function getMetagraph(
  client: Client,
  netuid: number,
  options?: MetagraphOptions,
): Promise<Metagraph | MetagraphLite>;
export async function getMetagraph(
  client: Client,
  netuid: number,
  options: MetagraphOptions = {},
): Promise<Metagraph | MetagraphLite> {
  const lite = options.lite ?? true;
  const params: Record<string, unknown> = { netuid, mecid: options.mecid ?? 0 };
  if (options.at !== undefined) params.at = options.at;
  const r = await client.request<Record<string, unknown>>(
    lite ? "subnet_getMetagraphLite" : "subnet_getMetagraph",
    params,
  );
  return parseMetagraph(r);
}

export interface MetagraphUpdate<M> {
  readonly metagraph: M;
  /** The previous snapshot (undefined for the first). */
  readonly previous: M | undefined;
  /** Uids whose row changed (every uid on the first update). */
  readonly changedUids: number[];
}

export interface WatchMetagraphOptions<L extends boolean> {
  readonly lite?: L;
  readonly mecid?: number;
  onUpdate(update: MetagraphUpdate<L extends false ? Metagraph : MetagraphLite>): void;
  onError?(error: Error): void;
}

export interface MetagraphWatcher<M> {
  /** The latest snapshot. */
  readonly current: M | undefined;
  /** Resolves after the first snapshot was delivered. */
  readonly ready: Promise<M>;
  stop(): Promise<void>;
}

const ROW_COLUMNS = [
  "hotkeys",
  "coldkeys",
  "active",
  "validatorPermit",
  "alphaStake",
  "taoStake",
  "totalStake",
  "emission",
  "incentives",
  "dividends",
  "axons",
  "lastUpdate",
  "consensus",
  "validatorTrust",
  "blockAtRegistration",
] as const;

/** Uids whose row differs between two snapshots. */
export function changedUids(prev: MetagraphLite | undefined, next: MetagraphLite): number[] {
  if (!prev) return Array.from({ length: next.n }, (_, i) => i);
  const out: number[] = [];
  const a = prev as unknown as Record<string, unknown[] | undefined>;
  const b = next as unknown as Record<string, unknown[] | undefined>;
  for (let uid = 0; uid < Math.max(prev.n, next.n); uid++) {
    for (const col of ROW_COLUMNS) {
      const x = a[col]?.[uid];
      const y = b[col]?.[uid];
      if (x === y) continue;
      if (typeof x === "object" && typeof y === "object" && JSON.stringify(x) === JSON.stringify(y)) continue;
      out.push(uid);
      break;
    }
  }
  return out;
}

/**
 * Keeps the metagraph of `netuid` current. Over WebSocket the lite metagraph comes from the node's
 * `subscribe_metagraph` (pushed only when it changes); the full one is refetched on new heads
 * (`subscribe_newHeads`). Over HTTP the head is polled every `pollingIntervalMs`. After a reconnect the
 * subscription is re-established and the metagraph refetched. `onUpdate` gets the snapshot and the uids
 * whose rows changed; it is called only when something changed.
 */
export function watchMetagraph<L extends boolean = true>(
  client: Client,
  netuid: number,
  options: WatchMetagraphOptions<L>,
): MetagraphWatcher<L extends false ? Metagraph : MetagraphLite> {
  type M = L extends false ? Metagraph : MetagraphLite;
  const lite = options.lite ?? true;
  const mecid = options.mecid ?? 0;
  let current: M | undefined;
  let stopped = false;
  let sub: Subscription | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let offReconnect: (() => void) | undefined;
  let fetching: Promise<void> | undefined;
  let again = false;
  let resolveReady!: (m: M) => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<M>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  ready.catch(() => undefined);

  const deliver = (m: M) => {
    if (stopped) return;
    if (current !== undefined && m.block < current.block) return;
    const changed = changedUids(current as MetagraphLite | undefined, m as MetagraphLite);
    const first = current === undefined;
    if (!first && changed.length === 0 && m.n === current?.n) {
      current = m;
      return;
    }
    const previous = current;
    current = m;
    options.onUpdate({ metagraph: m, previous, changedUids: changed } as MetagraphUpdate<M>);
    if (first) resolveReady(m);
  };
  const fail = (err: unknown) => {
    if (stopped) return;
    const e = err instanceof Error ? err : new Error(String(err));
    if (current === undefined) rejectReady(e);
    options.onError?.(e);
  };
  /** Fetches now; coalesces calls that arrive while a fetch runs into one more fetch. */
  const refresh = (): Promise<void> => {
    if (fetching) {
      again = true;
      return fetching;
    }
    fetching = (async () => {
      do {
        again = false;
        try {
          deliver((await getMetagraph(client, netuid, { lite, mecid })) as M);
        } catch (err) {
          fail(err);
        }
      } while (again && !stopped);
      fetching = undefined;
    })();
    return fetching;
  };

  const started = (async () => {
    await refresh();
    if (stopped) return;
    try {
      if (client.transport.kind === "ws") {
        if (lite && mecid === 0) {
          sub = await client.transport.subscribe(
            "subscribe_metagraph",
            { netuid },
            {
              onData: (r) => deliver(parseMetagraph(r as Record<string, unknown>) as M),
              onError: fail,
            },
          );
        } else {
          sub = await client.transport.subscribe("subscribe_newHeads", [], {
            onData: () => void refresh(),
            onError: fail,
          });
        }
        offReconnect = client.transport.on("reconnect", () => void refresh());
        if (stopped) await sub.unsubscribe();
      } else {
        let lastHead = current?.block ?? -1;
        const tick = async () => {
          pollTimer = undefined;
          try {
            const head: Header = await getHead(client);
            if (head.number !== lastHead) {
              lastHead = head.number;
              await refresh();
            }
          } catch (err) {
            fail(err);
          }
          if (!stopped) pollTimer = setTimeout(tick, client.pollingIntervalMs);
        };
        pollTimer = setTimeout(tick, client.pollingIntervalMs);
      }
    } catch (err) {
      fail(err);
    }
  })();

  return {
    get current() {
      return current;
    },
    ready,
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = undefined;
      await started;
      if (pollTimer) clearTimeout(pollTimer);
      offReconnect?.();
      if (sub) await sub.unsubscribe();
      await fetching;
    },
  };
}

/** Watches new heads: over WebSocket via `subscribe_newHeads`, over HTTP by polling. */
export function watchHeads(
  client: Client,
  options: { onHead(head: Header): void; onError?(error: Error): void },
): { stop(): Promise<void> } {
  let stopped = false;
  let sub: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (client.transport.kind === "ws") {
    const started = client.transport
      .subscribe("subscribe_newHeads", [], {
        onData: (h) => {
          if (!stopped) options.onHead(h as Header);
        },
        ...(options.onError ? { onError: options.onError } : {}),
      })
      .then(
        (s) => {
          sub = s;
        },
        (err: Error) => options.onError?.(err),
      );
    return {
      async stop() {
        stopped = true;
        await started;
        await sub?.unsubscribe();
      },
    };
  }
  let last = -1;
  const tick = async () => {
    timer = undefined;
    try {
      const h = await getHead(client);
      if (h.number !== last && !stopped) {
        last = h.number;
        options.onHead(h);
      }
    } catch (err) {
      options.onError?.(err as Error);
    }
    if (!stopped) timer = setTimeout(tick, client.pollingIntervalMs);
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
