// The typed error every service throws; the doors (route handlers, server actions) turn it into
// an HTTP status or a form message. Anything else escaping a service is a bug (500).

export type ErrorCode =
  | 'INVALID'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

const STATUS: Record<ErrorCode, number> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** Field path (e.g. `forecast.probability`, `sources.0.url`) → what is wrong with it. */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  /** Extra machine-readable detail, e.g. the current version on a conflict. */
  readonly detail?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { fields?: FieldErrors; detail?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.detail = options.detail;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, fields: this.fields, ...this.detail } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

type Issue = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] };

/**
 * Turns a zod error into our field map: the first message per dotted path. A field the schema does
 * not know (a strict object's unrecognized keys) is named itself, so a misspelt field is pointed at.
 */
export function fieldErrorsFrom(issues: readonly Issue[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const name of issue.keys) fields[[...issue.path.map(String), name].join('.')] ??= 'Unknown field';
      continue;
    }
    const key = issue.path.map(String).join('.') || '(body)';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function invalid(issues: readonly Issue[]): AppError {
  const fields = fieldErrorsFrom(issues);
  return new AppError('INVALID', `Invalid fields: ${Object.keys(fields).join(', ')}`, { fields });
}
