import { InvalidInputError, NotFoundError } from '@ballast/contracts';

/** The typed error for a data file that cannot be opened: NotFoundError for ENOENT. */
export function fileOpenError(path: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') {
    return new NotFoundError({
      code: 'FILE_NOT_FOUND',
      message: `Data file ${path} does not exist.`,
      details: { path },
      cause,
    });
  }
  return new InvalidInputError({
    code: 'FILE_UNREADABLE',
    message: `Data file ${path} cannot be read: ${(cause as Error)?.message}`,
    details: { path },
    cause,
  });
}
