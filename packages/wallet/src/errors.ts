/**
 * Wallet errors: one class with a stable string `code` (safe to match on and to print), a message and,
 * where it helps, the file concerned and a hint. Messages never contain a password, mnemonic, seed or
 * private key: only paths, names, addresses and lengths.
 */

export type WalletErrorCode =
  /** No wallet directory (or no coldkeypub/coldkey in it) at the given path and name. */
  | "WalletNotFound"
  /** The keyfile (coldkey, coldkeypub.txt or a hotkey) does not exist. */
  | "KeyFileNotFound"
  /** Writing would replace an existing keyfile and `overwrite` was not set. */
  | "KeyFileExists"
  /** The password does not open the keyfile (authentication failed). */
  | "WrongPassword"
  /** The keyfile could not be decrypted or decoded: truncated, not JSON, missing fields, inconsistent keys. */
  | "KeyFileDecryptionError"
  /** The keyfile is encrypted with a format taonet cannot read (the legacy Fernet format). */
  | "UnsupportedEncryption"
  /** The keyfile holds a key type other than sr25519 (btwallet `cryptoType` other than 1). */
  | "UnsupportedCryptoType"
  /** The keyfile holds only public data where a secret key is needed. */
  | "NoSecretKey"
  /** A password is needed and no source gave one (no password, file, environment variable or terminal). */
  | "PasswordRequired"
  /** A new password was rejected (too short, or the two entries differ). */
  | "InvalidPassword"
  /** Reading the password from a terminal was cancelled (Ctrl-C / Ctrl-D). */
  | "PromptCancelled"
  /** A mnemonic is not a valid BIP39 English phrase of 12, 15, 18, 21 or 24 words. */
  | "InvalidMnemonic"
  /** A seed is not 32 bytes of hex, or a private key not 64 bytes, or a public key / address is malformed. */
  | "InvalidKey"
  /** A wallet or hotkey name is empty, contains a path separator, or is "." / "..". */
  | "InvalidName";

export class WalletError extends Error {
  override readonly name = "WalletError";
  readonly code: WalletErrorCode;
  /** The file concerned, when there is one. */
  readonly path: string | undefined;
  /** What the user can do about it. */
  readonly hint: string | undefined;

  constructor(
    code: WalletErrorCode,
    message: string,
    opts: { path?: string; hint?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.path = opts.path;
    this.hint = opts.hint;
  }

  toJSON(): { code: WalletErrorCode; message: string; path?: string; hint?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

/** True when `e` is a WalletError, optionally with the given code. */
export function isWalletError(e: unknown, code?: WalletErrorCode): e is WalletError {
  return e instanceof WalletError && (code === undefined || e.code === code);
}
