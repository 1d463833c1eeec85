/**
 * Bittensor wallets on disk, laid out as btwallet does:
 *
 * ```
 * <path>/<name>/coldkey               encrypted keyfile ($NACL) by default
 * <path>/<name>/coldkeypub.txt        public keyfile
 * <path>/<name>/hotkeys/<hotkey>      keyfile, unencrypted by default
 * <path>/<name>/hotkeys/<hotkey>pub.txt
 * ```
 *
 * `path` defaults to `$BT_WALLET_PATH` or `~/.bittensor/wallets`, `name` to `$BT_WALLET_NAME` or
 * `default`, `hotkey` to `$BT_WALLET_HOTKEY` or `default`. Files are written with mode 0600 (atomically:
 * a temporary file then a link or rename), directories with 0700. Nothing is ever overwritten unless
 * `overwrite` is set.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import {
  decryptKeyfileData,
  encryptKeyfileData,
  type KeyfileEncryption,
  keyfileEncryption,
} from "./encryption.js";
import { WalletError } from "./errors.js";
import { keyfileJson, parseKeyfile, publicKeyfileJson, serializeKeyfile } from "./keyfile.js";
import {
  generateMnemonic,
  hasSecret,
  keypairFromMnemonic,
  keypairFromPrivateKey,
  keypairFromSeed,
  keypairFromUri,
  type MnemonicWordCount,
  type PublicKeyInfo,
  publicKeyInfo,
  type WalletKeypair,
} from "./keys.js";
import { type PasswordOptions, resolveNewPassword, resolvePassword } from "./password.js";
import { keypairFromPolkadotJson } from "./polkadotJson.js";

export const DEFAULT_WALLET_PATH = "~/.bittensor/wallets";
export const DEFAULT_WALLET_NAME = "default";
export const DEFAULT_HOTKEY_NAME = "default";

export interface WalletLocation {
  /** The directory holding wallets (default `$BT_WALLET_PATH`, else `~/.bittensor/wallets`). */
  readonly path?: string;
  /** The wallet's name (default `$BT_WALLET_NAME`, else `default`). */
  readonly name?: string;
}

export interface HotkeyLocation extends WalletLocation {
  /** The hotkey's name (default `$BT_WALLET_HOTKEY`, else `default`). */
  readonly hotkey?: string;
}

export interface WalletFiles {
  readonly path: string;
  readonly name: string;
  readonly dir: string;
  readonly coldkey: string;
  readonly coldkeypub: string;
  readonly hotkeysDir: string;
}

export interface HotkeyFiles extends WalletFiles {
  readonly hotkeyName: string;
  readonly hotkey: string;
  readonly hotkeypub: string;
}

function expandHome(p: string): string {
  if (p === "~") return homedir();
  if (p.startsWith("~/")) return join(homedir(), p.slice(2));
  return p;
}

function checkName(name: string, what: string): string {
  if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
    throw new WalletError("InvalidName", `invalid ${what} name ${JSON.stringify(name)}`, {
      hint: "a name is a single path component: no '/', '\\', and not '.' or '..'",
    });
  }
  return name;
}

/** The files of a wallet (nothing is read). */
export function walletFiles(loc: WalletLocation = {}): WalletFiles {
  const path = expandHome(loc.path ?? (process.env.BT_WALLET_PATH || DEFAULT_WALLET_PATH));
  const name = checkName(loc.name ?? (process.env.BT_WALLET_NAME || DEFAULT_WALLET_NAME), "wallet");
  const dir = join(path, name);
  return {
    path,
    name,
    dir,
    coldkey: join(dir, "coldkey"),
    coldkeypub: join(dir, "coldkeypub.txt"),
    hotkeysDir: join(dir, "hotkeys"),
  };
}

export function hotkeyFiles(loc: HotkeyLocation = {}): HotkeyFiles {
  const files = walletFiles(loc);
  const hotkeyName = checkName(loc.hotkey ?? (process.env.BT_WALLET_HOTKEY || DEFAULT_HOTKEY_NAME), "hotkey");
  return {
    ...files,
    hotkeyName,
    hotkey: join(files.hotkeysDir, hotkeyName),
    hotkeypub: join(files.hotkeysDir, `${hotkeyName}pub.txt`),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Files

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function assertCanWrite(files: readonly string[], overwrite: boolean | undefined): Promise<void> {
  if (overwrite === true) return;
  for (const file of files) {
    if (await exists(file)) {
      throw new WalletError("KeyFileExists", `${file} already exists`, {
        path: file,
        hint: "pass overwrite (--overwrite) to replace it; back up its mnemonic first",
      });
    }
  }
}

/** Writes a keyfile with mode 0600: to a temporary file, synced, then linked (no overwrite) or renamed. */
async function writeKeyfile(file: string, data: Uint8Array, overwrite: boolean | undefined): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  const fh = await open(tmp, "wx", 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (overwrite === true) {
      await rename(tmp, file);
    } else {
      try {
        await link(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") {
          throw new WalletError("KeyFileExists", `${file} already exists`, { path: file });
        }
        throw e;
      }
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readKeyfileBytes(file: string, files: WalletFiles): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      if (!(await exists(files.dir))) {
        throw new WalletError("WalletNotFound", `no wallet ${JSON.stringify(files.name)} in ${files.path}`, {
          path: files.dir,
          hint: "create it (wallet create) or pass the right --wallet.name / --wallet.path",
        });
      }
      throw new WalletError("KeyFileNotFound", `${file} does not exist`, { path: file });
    }
    throw e;
  }
}

export interface KeyfileStatus {
  readonly path: string;
  readonly exists: boolean;
  readonly encryption: KeyfileEncryption | undefined;
}

/** Whether a keyfile exists and how it is encrypted (no password needed). */
export async function keyfileStatus(file: string): Promise<KeyfileStatus> {
  try {
    const data = await readFile(file);
    return { path: file, exists: true, encryption: keyfileEncryption(data) };
  } catch {
    return { path: file, exists: false, encryption: undefined };
  }
}

/**
 * Reads and, when needed, decrypts a keyfile (asking for the password only if it is encrypted), returning
 * a key pair, or public data when the file holds no secret.
 */
async function loadKey(
  file: string,
  files: WalletFiles,
  opts: PasswordOptions,
  what: string,
): Promise<WalletKeypair | PublicKeyInfo> {
  const data = await readKeyfileBytes(file, files);
  let plain = data;
  if (keyfileEncryption(data) !== "none") {
    if (keyfileEncryption(data) === "fernet") {
      plain = await decryptKeyfileData(data, "", file); // throws UnsupportedEncryption before any prompt
    } else {
      plain = await decryptKeyfileData(data, await resolvePassword(file, opts, what), file);
    }
  }
  return parseKeyfile(plain, file);
}

// ---------------------------------------------------------------------------------------------------------
// Creating keys

/** Where a regenerated key comes from: a mnemonic, a 32-byte seed, a secret URI, a 64-byte private key (btwallet form) or a polkadot-js JSON backup. */
export type KeySource =
  | { readonly mnemonic: string }
  | { readonly seed: string | Uint8Array }
  | { readonly uri: string }
  | { readonly privateKey: string | Uint8Array }
  /** A polkadot-js JSON backup and its password (btcli `--json` / `--json-password`). */
  | { readonly json: string | object; readonly jsonPassword: string };

export function keypairFromSource(source: KeySource): WalletKeypair {
  if ("mnemonic" in source) return keypairFromMnemonic(source.mnemonic);
  if ("seed" in source) return keypairFromSeed(source.seed);
  if ("uri" in source) return keypairFromUri(source.uri);
  if ("json" in source) return keypairFromPolkadotJson(source.json, source.jsonPassword);
  return keypairFromPrivateKey(source.privateKey);
}

export interface WriteKeyOptions {
  /** Encrypt the secret keyfile (default: true for a coldkey, false for a hotkey, as btwallet). */
  readonly usePassword?: boolean;
  /** Where the new password comes from (when encrypting). */
  readonly passwordOptions?: PasswordOptions;
  /** Replace existing files (default false: KeyFileExists). */
  readonly overwrite?: boolean;
}

export interface NewKeyOptions extends WriteKeyOptions {
  /** Words of the new mnemonic (default 12). */
  readonly nWords?: MnemonicWordCount;
}

/** A key written to disk. `mnemonic` is set for newly generated keys: show it once, for the user's backup. */
export interface WrittenKey extends PublicKeyInfo {
  readonly path: string;
  readonly encrypted: boolean;
  readonly mnemonic?: string;
}

async function writeKey(
  pair: WalletKeypair,
  file: string,
  pubFile: string,
  opts: WriteKeyOptions,
  encryptByDefault: boolean,
  what: string,
): Promise<WrittenKey> {
  await assertCanWrite([file, pubFile], opts.overwrite);
  const encrypt = opts.usePassword ?? encryptByDefault;
  let data = serializeKeyfile(keyfileJson(pair));
  if (encrypt) {
    data = await encryptKeyfileData(data, await resolveNewPassword(file, opts.passwordOptions ?? {}, what));
  }
  await writeKeyfile(file, data, opts.overwrite);
  await writeKeyfile(pubFile, serializeKeyfile(publicKeyfileJson(pair)), opts.overwrite);
  return { address: pair.address, publicKey: pair.publicKey, path: file, encrypted: encrypt };
}

/** A new coldkey from a fresh mnemonic: `coldkey` (encrypted unless `usePassword: false`) and `coldkeypub.txt`. */
export async function newColdkey(opts: WalletLocation & NewKeyOptions = {}): Promise<WrittenKey> {
  const files = walletFiles(opts);
  const mnemonic = generateMnemonic(opts.nWords ?? 12);
  const written = await writeKey(
    keypairFromMnemonic(mnemonic),
    files.coldkey,
    files.coldkeypub,
    opts,
    true,
    "the coldkey",
  );
  return { ...written, mnemonic };
}

/** A new hotkey from a fresh mnemonic: `hotkeys/<hotkey>` (unencrypted unless `usePassword`) and `<hotkey>pub.txt`. */
export async function newHotkey(opts: HotkeyLocation & NewKeyOptions = {}): Promise<WrittenKey> {
  const files = hotkeyFiles(opts);
  const mnemonic = generateMnemonic(opts.nWords ?? 12);
  const written = await writeKey(
    keypairFromMnemonic(mnemonic),
    files.hotkey,
    files.hotkeypub,
    opts,
    false,
    `the hotkey ${files.hotkeyName}`,
  );
  return { ...written, mnemonic };
}

export interface CreateWalletOptions extends HotkeyLocation {
  readonly nWords?: MnemonicWordCount;
  /** Encrypt the coldkey (default true). */
  readonly coldkeyUsePassword?: boolean;
  /** Encrypt the hotkey (default false). */
  readonly hotkeyUsePassword?: boolean;
  readonly coldkeyPassword?: PasswordOptions;
  readonly hotkeyPassword?: PasswordOptions;
  readonly overwrite?: boolean;
}

/** A new wallet: a new coldkey and a new hotkey. Fails before writing anything if either exists. */
export async function createWallet(
  opts: CreateWalletOptions = {},
): Promise<{ coldkey: WrittenKey; hotkey: WrittenKey }> {
  const files = hotkeyFiles(opts);
  await assertCanWrite([files.coldkey, files.coldkeypub, files.hotkey, files.hotkeypub], opts.overwrite);
  const common = {
    path: files.path,
    name: files.name,
    ...(opts.nWords === undefined ? {} : { nWords: opts.nWords }),
    ...(opts.overwrite === undefined ? {} : { overwrite: opts.overwrite }),
  };
  const coldkey = await newColdkey({
    ...common,
    usePassword: opts.coldkeyUsePassword ?? true,
    ...(opts.coldkeyPassword === undefined ? {} : { passwordOptions: opts.coldkeyPassword }),
  });
  const hotkey = await newHotkey({
    ...common,
    hotkey: files.hotkeyName,
    usePassword: opts.hotkeyUsePassword ?? false,
    ...(opts.hotkeyPassword === undefined ? {} : { passwordOptions: opts.hotkeyPassword }),
  });
  return { coldkey, hotkey };
}

/** Writes a coldkey from a mnemonic, seed, URI or private key (btcli `wallet regen-coldkey`). */
export async function regenColdkey(
  opts: WalletLocation & WriteKeyOptions & { readonly from: KeySource },
): Promise<WrittenKey> {
  const files = walletFiles(opts);
  return writeKey(keypairFromSource(opts.from), files.coldkey, files.coldkeypub, opts, true, "the coldkey");
}

/** Writes a hotkey from a mnemonic, seed, URI or private key (btcli `wallet regen-hotkey`). */
export async function regenHotkey(
  opts: HotkeyLocation & WriteKeyOptions & { readonly from: KeySource },
): Promise<WrittenKey> {
  const files = hotkeyFiles(opts);
  return writeKey(
    keypairFromSource(opts.from),
    files.hotkey,
    files.hotkeypub,
    opts,
    false,
    `the hotkey ${files.hotkeyName}`,
  );
}

/** Writes only `coldkeypub.txt` from an SS58 address or public key (btcli `wallet regen-coldkeypub`). */
export async function regenColdkeypub(
  opts: WalletLocation & { readonly from: string | Uint8Array; readonly overwrite?: boolean },
): Promise<WrittenKey> {
  const files = walletFiles(opts);
  const key = publicKeyInfo(opts.from);
  await assertCanWrite([files.coldkeypub], opts.overwrite);
  await writeKeyfile(files.coldkeypub, serializeKeyfile(publicKeyfileJson(key)), opts.overwrite);
  return { ...key, path: files.coldkeypub, encrypted: false };
}

/** Writes only `hotkeys/<hotkey>pub.txt` (btcli `wallet regen-hotkeypub`). */
export async function regenHotkeypub(
  opts: HotkeyLocation & { readonly from: string | Uint8Array; readonly overwrite?: boolean },
): Promise<WrittenKey> {
  const files = hotkeyFiles(opts);
  const key = publicKeyInfo(opts.from);
  await assertCanWrite([files.hotkeypub], opts.overwrite);
  await writeKeyfile(files.hotkeypub, serializeKeyfile(publicKeyfileJson(key)), opts.overwrite);
  return { ...key, path: files.hotkeypub, encrypted: false };
}

// ---------------------------------------------------------------------------------------------------------
// Reading keys

function publicOnly(key: PublicKeyInfo): PublicKeyInfo {
  return { address: key.address, publicKey: key.publicKey };
}

function requireSecret(key: WalletKeypair | PublicKeyInfo, file: string): WalletKeypair {
  if (!hasSecret(key)) {
    throw new WalletError("NoSecretKey", `${file} holds only a public key (${key.address})`, {
      path: file,
      hint: "regenerate the key from its mnemonic or seed to sign with it",
    });
  }
  return key;
}

/** The coldkey's public data from `coldkeypub.txt` (no password needed). */
export async function loadColdkeypub(loc: WalletLocation = {}): Promise<PublicKeyInfo> {
  const files = walletFiles(loc);
  return publicOnly(parseKeyfile(await readKeyfileBytes(files.coldkeypub, files), files.coldkeypub));
}

/** Decrypts the coldkey (prompting, or from a password file / BT_PW_* / explicit password). Slow: ~5 s. */
export async function unlockColdkey(opts: WalletLocation & PasswordOptions = {}): Promise<WalletKeypair> {
  const files = walletFiles(opts);
  return requireSecret(await loadKey(files.coldkey, files, opts, "the coldkey"), files.coldkey);
}

/** The hotkey pair (decrypted if it was saved with a password). */
export async function loadHotkey(opts: HotkeyLocation & PasswordOptions = {}): Promise<WalletKeypair> {
  const files = hotkeyFiles(opts);
  return requireSecret(
    await loadKey(files.hotkey, files, opts, `the hotkey ${files.hotkeyName}`),
    files.hotkey,
  );
}

/** The hotkey's public data: from `<hotkey>pub.txt`, else from the hotkey file when it is not encrypted. */
export async function loadHotkeypub(loc: HotkeyLocation = {}): Promise<PublicKeyInfo> {
  const files = hotkeyFiles(loc);
  if (await exists(files.hotkeypub)) {
    return publicOnly(parseKeyfile(await readKeyfileBytes(files.hotkeypub, files), files.hotkeypub));
  }
  const data = await readKeyfileBytes(files.hotkey, files);
  if (keyfileEncryption(data) !== "none") {
    throw new WalletError(
      "KeyFileNotFound",
      `${files.hotkeypub} does not exist and the hotkey is encrypted`,
      {
        path: files.hotkeypub,
        hint: "unlock the hotkey with loadHotkey, or write the public file (regen-hotkeypub)",
      },
    );
  }
  return publicOnly(parseKeyfile(data, files.hotkey));
}

export interface HotkeySummary {
  readonly name: string;
  /** Undefined when the address cannot be read without a password (encrypted, no pub file) or is broken. */
  readonly address: string | undefined;
}

export interface WalletSummary {
  readonly name: string;
  readonly dir: string;
  /** From coldkeypub.txt; undefined when it is missing or unreadable. */
  readonly coldkeypub: string | undefined;
  readonly hotkeys: readonly HotkeySummary[];
}

/** The wallets under `path` (default `$BT_WALLET_PATH` / `~/.bittensor/wallets`), sorted by name. */
export async function listWallets(opts: { readonly path?: string } = {}): Promise<WalletSummary[]> {
  const root = walletFiles({ ...opts, name: DEFAULT_WALLET_NAME }).path;
  let entries: string[];
  try {
    entries = (await readdir(root, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return [];
  }
  const out: WalletSummary[] = [];
  for (const name of entries.sort()) {
    const files = walletFiles({ path: root, name });
    let coldkeypub: string | undefined;
    try {
      coldkeypub = (await loadColdkeypub(files)).address;
    } catch {
      coldkeypub = undefined;
    }
    let hotkeyNames: string[] = [];
    try {
      const all = (await readdir(files.hotkeysDir, { withFileTypes: true })).filter((e) => e.isFile());
      const names = new Set(all.map((e) => e.name).filter((n) => !n.endsWith(".tmp")));
      hotkeyNames = [...names]
        .map((n) => (n.endsWith("pub.txt") && n.length > 7 ? n.slice(0, -7) : n))
        .filter((n, i, arr) => arr.indexOf(n) === i)
        .sort();
    } catch {
      hotkeyNames = [];
    }
    const hotkeys: HotkeySummary[] = [];
    for (const hotkey of hotkeyNames) {
      let address: string | undefined;
      try {
        address = (await loadHotkeypub({ path: root, name, hotkey })).address;
      } catch {
        address = undefined;
      }
      hotkeys.push({ name: hotkey, address });
    }
    out.push({ name, dir: files.dir, coldkeypub, hotkeys });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// A wallet held open by a long-running process

/**
 * A wallet a daemon opens once: `unlockColdkey` and `hotkey` derive and decrypt at most once (concurrent
 * calls share the work; a failure is not cached), and `lock()` forgets (and zeroes) the secrets.
 *
 * @example
 * const wallet = openWallet({ name: "validator", hotkey: "default" });
 * const hotkey = await wallet.hotkey();
 * const coldkey = await wallet.unlockColdkey({ passwordFile: "/run/secrets/coldkey" });
 */
export class Wallet {
  readonly files: HotkeyFiles;
  #coldkey: Promise<WalletKeypair> | undefined;
  #hotkey: Promise<WalletKeypair> | undefined;

  constructor(loc: HotkeyLocation = {}) {
    this.files = hotkeyFiles(loc);
  }

  get name(): string {
    return this.files.name;
  }

  get hotkeyName(): string {
    return this.files.hotkeyName;
  }

  private location(): HotkeyLocation {
    return { path: this.files.path, name: this.files.name, hotkey: this.files.hotkeyName };
  }

  coldkeypub(): Promise<PublicKeyInfo> {
    return loadColdkeypub(this.location());
  }

  hotkeypub(): Promise<PublicKeyInfo> {
    return loadHotkeypub(this.location());
  }

  unlockColdkey(opts: PasswordOptions = {}): Promise<WalletKeypair> {
    this.#coldkey ??= unlockColdkey({ ...this.location(), ...opts }).catch((e: unknown) => {
      this.#coldkey = undefined;
      throw e;
    });
    return this.#coldkey;
  }

  hotkey(opts: PasswordOptions = {}): Promise<WalletKeypair> {
    this.#hotkey ??= loadHotkey({ ...this.location(), ...opts }).catch((e: unknown) => {
      this.#hotkey = undefined;
      throw e;
    });
    return this.#hotkey;
  }

  get isColdkeyUnlocked(): boolean {
    return this.#coldkey !== undefined;
  }

  /** Forgets the unlocked keys and overwrites their secret bytes with zeros. */
  async lock(): Promise<void> {
    const held = [this.#coldkey, this.#hotkey];
    this.#coldkey = undefined;
    this.#hotkey = undefined;
    for (const p of held) {
      const pair = await p?.catch(() => undefined);
      if (pair) {
        pair.secretKey.fill(0);
        pair.seed?.fill(0);
      }
    }
  }
}

export function openWallet(loc: HotkeyLocation = {}): Wallet {
  return new Wallet(loc);
}
