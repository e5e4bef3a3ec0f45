// Failures of the machine, not of digest: a full disk, no permission, a read-only file system.
// They are reported as the system names them, with the path, and never as a bug (exit 2).
import { getSystemErrorMap } from 'node:util';

/** Error codes that say what is wrong with the disk or the folder, not with digest. */
const SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY', 'ENAMETOOLONG', 'EXDEV']);

/** The output could not be written, for a reason of the system's; the message says where and why. */
export class OutputWriteError extends Error {}

export function isSystemFailure(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && isSystemCode((error as NodeJS.ErrnoException).code);
}

export const isSystemCode = (code: string | undefined): boolean => SYSTEM_CODES.has(code ?? '');

/** "no space left on device (ENOSPC)": the system's own words and code. */
export function systemReason(error: unknown): string {
  const { code, errno } = error as NodeJS.ErrnoException;
  const described = errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1];
  if (code && described) return `${described} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}
