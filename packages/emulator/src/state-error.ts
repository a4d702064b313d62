// EmulatorStateError: a state file or journal the emulator cannot read or write, with its path and the reason.

export class EmulatorStateError extends Error {
  override readonly name = 'EmulatorStateError';
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`Cannot use the emulator state ${path}: ${reason}`, options);
    this.path = path;
    this.reason = reason;
  }
}

/** The reason an fs call failed, by its code (`permission denied (EACCES)`); never the file's contents. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EISDIR':
      return 'it is a directory (EISDIR)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    default:
      return code ? `${code}` : err instanceof Error ? err.message : String(err);
  }
}
