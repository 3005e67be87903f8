import { describe, expect, it } from 'vitest';
import { toActionResult } from './actions';
import { AppError } from './errors';

describe('toActionResult', () => {
  const never = async () => {
    throw new Error('the service must not run');
  };

  it('refuses a NUL inside an object argument, naming the field, without running the service', async () => {
    const result = await toActionResult(['an-id', { note: 'ok', sources: [{ title: 'a\u0000b' }] }], never);
    expect(result).toEqual({
      ok: false,
      error: { code: 'INVALID', message: 'sources.0.title: Contains a NUL character (U+0000)', fields: { 'sources.0.title': 'Contains a NUL character (U+0000)' } },
    });
  });

  it('refuses an unpaired surrogate in a text argument, naming its position', async () => {
    const result = await toActionResult(['id', 3, 'reply \ud800'], never);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.fields).toEqual({ '(argument 3)': 'Contains an unpaired UTF-16 surrogate' });
  });

  it('reads a form’s text entries', async () => {
    const form = new FormData();
    form.set('document', 'slug');
    form.set('state', 'settled\u0000');
    const result = await toActionResult([form], never);
    expect(!result.ok && result.error.fields).toEqual({ state: 'Contains a NUL character (U+0000)' });
  });

  it('runs the service on good input and turns its AppError into a result', async () => {
    expect(await toActionResult(['fine', { note: 'emoji 😀 fine' }], async () => 42)).toEqual({ ok: true, value: 42 });
    const refused = await toActionResult([], async () => {
      throw new AppError('FORBIDDEN', 'No');
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'No' } });
  });
});
