import { readFile, writeFile } from "node:fs/promises";
import { CliError } from "./errors.js";

/** Reads a file, or all of stdin when `path` is undefined or "-". */
export async function readInput(path: string | undefined): Promise<string> {
  if (path === undefined || path === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Writes to a file, or to stdout when `path` is undefined or "-". */
export async function writeOutput(path: string | undefined, text: string): Promise<void> {
  if (path === undefined || path === "-") {
    process.stdout.write(text);
    return;
  }
  await writeFile(path, text);
}

export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}
