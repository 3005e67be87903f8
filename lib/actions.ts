// The server-action door: services throw AppError; forms want a value they can render.
import { isAppError, type FieldErrors } from '@/lib/errors';

export type ActionError = { code: string; message: string; fields?: FieldErrors };
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: ActionError };

export async function toActionResult<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message, fields: error.fields } };
    throw error;
  }
}
