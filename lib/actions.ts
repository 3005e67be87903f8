// The server-action door: services throw AppError; forms want a value they can render. Like the
// HTTP door, it refuses text that cannot be stored (NUL, unpaired surrogates: lib/text.ts) in any
// argument before the service runs, naming the field.
import { AppError, isAppError, type FieldErrors } from '@/lib/errors';
import { findBadText } from '@/lib/text';

export type ActionError = { code: string; message: string; fields?: FieldErrors };
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: ActionError };

/** An action's arguments as findBadText reads them: a form's text entries as an object. */
const readable = (arg: unknown) =>
  arg instanceof FormData ? Object.fromEntries([...arg.entries()].filter(([, value]) => typeof value === 'string')) : arg;

/**
 * Runs `work` with the action's `args` checked first. A bad field inside an object or form is named
 * by its path there (`note`, `sources.0.title`); a bad text argument by its position.
 */
export async function toActionResult<T>(args: unknown[], work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    args.forEach((arg, i) => {
      const bad = findBadText(readable(arg));
      if (!bad) return;
      const field = bad.field === '(body)' ? `(argument ${i + 1})` : bad.field;
      throw new AppError('INVALID', `${field}: ${bad.reason}`, { fields: { [field]: bad.reason } });
    });
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
    throw error;
  }
}
