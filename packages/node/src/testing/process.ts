/** Starts the real `tao node start` process (for end-to-end tests and benchmarks). */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const TAO_BIN = fileURLToPath(new URL("../../../cli/bin/tao.js", import.meta.url));

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** stderr so far (JSON log lines). */
  stderr(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
}

export function startNodeProcess(args: readonly string[], timeoutMs = 30_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ["--max-semi-space-size=128", TAO_BIN, "node", "start", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
    if (err.length > 1_000_000) err = err.slice(-500_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let started = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the node did not start within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!started)
        reject(new Error(`the node exited with ${code} before listening; stderr: ${err.slice(-2000)}`));
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /rpc (http:\/\/\S+)/.exec(out);
      if (!m?.[1]) return;
      if (started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        child,
        url: m[1],
        stderr: () => err,
        stop: async () => {
          child.kill("SIGTERM");
          return exited;
        },
        kill: async () => {
          child.kill("SIGKILL");
          await exited;
        },
      });
    });
  });
}
