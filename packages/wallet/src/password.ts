/**
 * Where passwords come from, in this order: an explicit `password`, a `passwordFile`, the btwallet
 * environment variable `BT_PW_<keyfile path>`, then a hidden prompt on the terminal. Nothing here logs or
 * returns a password in an error.
 */
import { readFileSync } from "node:fs";
import { WalletError } from "./errors.js";

export interface PasswordOptions {
  /** The password itself (e.g. a daemon that read it from its own secret store). */
  readonly password?: string;
  /** A file whose content is the password (one trailing newline is ignored): `--password-file`. */
  readonly passwordFile?: string;
  /**
   * The environment to look up `BT_PW_*` in (default `process.env`); `false` to ignore the environment.
   */
  readonly env?: Readonly<Record<string, string | undefined>> | false;
  /** Ask on the terminal when stdin is a TTY (default true). `false` for non-interactive use. */
  readonly prompt?: boolean;
  /** Streams for the prompt (default process.stdin / process.stderr); for tests. */
  readonly promptIO?: PromptIO;
}

export interface PromptIO {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly output: NodeJS.WritableStream;
}

/** Minimum length of a new password entered at the prompt (btwallet's rule). */
export const MIN_PASSWORD_LENGTH = 6;

/**
 * btwallet's variable name for a keyfile's password: `BT_PW_` + the keyfile path, upper-cased, with path
 * separators and dots replaced by `_` (e.g. `/home/alice/.bittensor/wallets/w/coldkey` →
 * `BT_PW__HOME_ALICE__BITTENSOR_WALLETS_W_COLDKEY`).
 */
export function passwordEnvVarName(keyfilePath: string): string {
  return `BT_PW_${keyfilePath.toUpperCase().replace(/[/\\.]/g, "_")}`;
}

/**
 * The value btwallet stores in that variable: base64 of the password's UTF-8 bytes XOR-ed with the
 * variable name's bytes (repeated). An obfuscation, not encryption.
 */
export function encodeEnvPassword(varName: string, password: string): string {
  return Buffer.from(xorWithName(Buffer.from(password, "utf8"), varName)).toString("base64");
}

export function decodeEnvPassword(varName: string, value: string): string {
  const raw = Buffer.from(value.trim(), "base64");
  if (raw.length === 0 || raw.toString("base64").replace(/=+$/, "") !== value.trim().replace(/=+$/, "")) {
    throw new WalletError(
      "PasswordRequired",
      `${varName} is not base64 (btwallet's encoding of the password)`,
      {
        hint: "set it with encodeEnvPassword(name, password), or use a password file",
      },
    );
  }
  return Buffer.from(xorWithName(raw, varName)).toString("utf8");
}

function xorWithName(bytes: Uint8Array, varName: string): Uint8Array {
  const key = Buffer.from(varName, "utf8");
  return bytes.map((b, i) => b ^ (key[i % key.length] ?? 0));
}

/** Reads a password file: its content minus one trailing newline. */
export function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "error";
    throw new WalletError("PasswordRequired", `cannot read the password file ${file} (${code})`, {
      path: file,
    });
  }
  return text.replace(/\r?\n$/, "");
}

function canPrompt(opts: PasswordOptions): boolean {
  if (opts.prompt === false) return false;
  const input = opts.promptIO?.input ?? process.stdin;
  return opts.promptIO !== undefined || input.isTTY === true;
}

/**
 * The password to open `keyfilePath`, from the first source that has one. Throws PasswordRequired with
 * the list of sources when none does.
 */
export async function resolvePassword(
  keyfilePath: string,
  opts: PasswordOptions,
  what = "the keyfile",
): Promise<string> {
  const fromSources = passwordFromSources(keyfilePath, opts);
  if (fromSources !== undefined) return fromSources;
  if (canPrompt(opts)) return promptPassword(`Enter password to unlock ${what}: `, opts.promptIO);
  throw new WalletError("PasswordRequired", `a password is needed to unlock ${what} and none was given`, {
    path: keyfilePath,
    hint: `pass --password-file FILE, or set ${passwordEnvVarName(keyfilePath)} (btwallet encoding), or run on a terminal`,
  });
}

/** A new password for encrypting `keyfilePath`: from the sources, or asked twice on the terminal. */
export async function resolveNewPassword(
  keyfilePath: string,
  opts: PasswordOptions,
  what = "the key",
): Promise<string> {
  const fromSources = passwordFromSources(keyfilePath, opts);
  if (fromSources !== undefined) {
    if (fromSources.length === 0) throw new WalletError("InvalidPassword", "the password is empty");
    return fromSources;
  }
  if (!canPrompt(opts)) {
    throw new WalletError("PasswordRequired", `a password is needed to encrypt ${what} and none was given`, {
      path: keyfilePath,
      hint: "pass --password-file FILE, or create it without a password (--no-use-password), or run on a terminal",
    });
  }
  const first = await promptPassword(`Choose a password to encrypt ${what}: `, opts.promptIO);
  if (first.length < MIN_PASSWORD_LENGTH) {
    throw new WalletError(
      "InvalidPassword",
      `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  const second = await promptPassword("Retype the password: ", opts.promptIO);
  if (first !== second) throw new WalletError("InvalidPassword", "the two passwords differ");
  return first;
}

function passwordFromSources(keyfilePath: string, opts: PasswordOptions): string | undefined {
  if (opts.password !== undefined) return opts.password;
  if (opts.passwordFile !== undefined) return readPasswordFile(opts.passwordFile);
  if (opts.env !== false) {
    const env = opts.env ?? process.env;
    const name = passwordEnvVarName(keyfilePath);
    const value = env[name];
    if (value !== undefined && value !== "") return decodeEnvPassword(name, value);
  }
  return undefined;
}

/**
 * Reads one line from the terminal without echo (raw mode when the input is a TTY). Ctrl-C / Ctrl-D on
 * an empty line cancel with PromptCancelled.
 */
export function promptPassword(question: string, io?: PromptIO): Promise<string> {
  const input = io?.input ?? process.stdin;
  const output = io?.output ?? process.stderr;
  return new Promise((resolve, reject) => {
    const raw = input.isTTY === true && typeof input.setRawMode === "function";
    let typed = "";
    output.write(question);
    const finish = (err: WalletError | null) => {
      input.removeListener("data", onData);
      input.removeListener("end", onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
      output.write("\n");
      if (err) reject(err);
      else resolve(typed);
    };
    const onEnd = () => finish(new WalletError("PromptCancelled", "the password prompt was closed"));
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === "string" ? chunk : chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish(null);
        if (ch === "\u0003" || (ch === "\u0004" && typed === "")) {
          typed = "";
          return finish(new WalletError("PromptCancelled", "the password prompt was cancelled"));
        }
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else if (ch >= " ") typed += ch;
      }
    };
    if (raw) input.setRawMode?.(true);
    input.on("data", onData);
    input.on("end", onEnd);
    input.resume();
  });
}
