/** A real `tao node start` process on a loopback port and a throwaway data dir, for tests and benchmarks. */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type NodeProcess, startNodeProcess } from "@taonet/node/testing/process";

export interface DevNode {
  readonly url: string;
  readonly dataDir: string;
  readonly port: number;
  process: NodeProcess;
  /** SIGTERM, then start again on the same port and data dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and deletes the data dir. */
  dispose(): Promise<void>;
  /** The node's `taonet_rpc_connections` gauge (every transport; the /metrics request itself included). */
  connections(): Promise<number>;
}

export interface DevNodeOptions {
  /** auto (default, with `blockTimeMs`) or manual. */
  readonly sealing?: "auto" | "manual";
  readonly blockTimeMs?: number;
  readonly extraArgs?: readonly string[];
}

export async function startDevNode(options: DevNodeOptions = {}): Promise<DevNode> {
  const dataDir = mkdtempSync(join(tmpdir(), "taonet-sdk-"));
  const args = (port: number) => [
    "--preset",
    "dev",
    "--sealing",
    options.sealing ?? "auto",
    ...(options.sealing === "manual" ? [] : ["--block-time", String(options.blockTimeMs ?? 50)]),
    "--data-dir",
    dataDir,
    "--rpc-port",
    String(port),
    "--log-level",
    "warn",
    ...(options.extraArgs ?? []),
  ];
  const first = await startNodeProcess(args(0));
  const url = first.url;
  const port = Number(new URL(url).port);
  let running = true;
  const node: DevNode = {
    url,
    dataDir,
    port,
    process: first,
    async restart() {
      if (running) await node.process.stop();
      node.process = await startNodeProcess(args(port));
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await node.process.stop();
    },
    async dispose() {
      await node.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async connections() {
      const text = await new Promise<string>((resolve, reject) => {
        // a one-off socket (no keep-alive agent), so that checking leaves nothing open
        http
          .get(`${url}/metrics`, { agent: false }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => {
              body += c;
            });
            res.on("end", () => resolve(body));
          })
          .on("error", reject);
      });
      let total = 0;
      for (const m of text.matchAll(/^taonet_rpc_connections(?:\{[^}]*\})? (\d+)/gm)) total += Number(m[1]);
      return total;
    },
  };
  return node;
}
