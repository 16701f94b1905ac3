import type { RecordedRequest } from './records.ts';

/** Which requests a fault or a waiter applies to. A string path may use `:param` and `*` segments. */
export type RequestMatcher =
  { readonly method?: string; readonly path?: string | RegExp } | ((request: RecordedRequest) => boolean);

/** What to do instead of (or before) answering normally. Build them with {@link faults}. */
export type RestFault =
  | {
      readonly kind: 'respond';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' };

/** Fault builders for {@link FakeDiscord.injectFault}. */
export const faults = {
  /**
   * 429 with `Retry-After: <seconds>` (fractions allowed; Discord sends whole seconds, @discordjs/rest accepts
   * either) and Discord's body. @discordjs/rest waits it out (+50 ms) and retries.
   */
  rateLimit(
    retryAfterSeconds = 0.05,
    options: { global?: boolean; scope?: 'user' | 'global' | 'shared' } = {},
  ): RestFault {
    const global = options.global ?? false;
    return {
      kind: 'respond',
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global },
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-scope': options.scope ?? (global ? 'global' : 'user'),
        ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      },
    };
  },
  /** A 5xx (default 500). @discordjs/rest retries it 3 times, then throws HTTPError. */
  serverError(status = 500): RestFault {
    return { kind: 'respond', status, body: { message: `${status}: Internal Server Error`, code: 0 } };
  },
  /** 404 Unknown interaction (10062): what Discord says to a callback after the 3 s deadline. */
  unknownInteraction(): RestFault {
    return { kind: 'respond', status: 404, body: { message: 'Unknown interaction', code: 10062 } };
  },
  /** 400 Interaction has already been acknowledged (40060). */
  alreadyAcknowledged(): RestFault {
    return {
      kind: 'respond',
      status: 400,
      body: { message: 'Interaction has already been acknowledged.', code: 40060 },
    };
  },
  /** 403 Missing Permissions (50013). */
  missingPermissions(): RestFault {
    return { kind: 'respond', status: 403, body: { message: 'Missing Permissions', code: 50013 } };
  },
  /** 403 Missing Access (50001). */
  missingAccess(): RestFault {
    return { kind: 'respond', status: 403, body: { message: 'Missing Access', code: 50001 } };
  },
  /** Any status, JSON body and headers. */
  respond(status: number, body?: unknown, headers?: Readonly<Record<string, string>>): RestFault {
    return { kind: 'respond', status, ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) };
  },
  /** Answer normally, `ms` later (a slow Discord). */
  delay(ms: number): RestFault {
    return { kind: 'delay', ms };
  },
  /**
   * Destroy the TCP connection without answering. Note: undici reports this as `SocketError: other side closed`
   * (code UND_ERR_SOCKET), not ECONNRESET, so @discordjs/rest does not retry it: the caller gets the error.
   */
  reset(): RestFault {
    return { kind: 'reset' };
  },
  /** Never answer (until {@link FakeDiscord.close}): for REST timeouts (`rest.timeout`, default 15 s, then 3 retries). */
  hang(): RestFault {
    return { kind: 'hang' };
  },
} as const;

/** A fault installed by {@link FakeDiscord.injectFault}. */
export interface FaultHandle {
  /** Requests it has answered so far. */
  readonly hits: number;
  /** How many more requests it will answer. */
  readonly remaining: number;
  /** Stops it. */
  cancel(): void;
}

export interface ActiveFault {
  matches: (request: RecordedRequest) => boolean;
  fault: RestFault;
  remaining: number;
  hits: number;
}

export function pathPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}

/** Turns a {@link RequestMatcher} into a predicate. */
export function requestMatcher(matcher: RequestMatcher): (request: RecordedRequest) => boolean {
  if (typeof matcher === 'function') return matcher;
  const method = matcher.method?.toUpperCase();
  const path =
    matcher.path === undefined ? null : typeof matcher.path === 'string' ? pathPattern(matcher.path) : matcher.path;
  return (r) => (method === undefined || r.method === method) && (path === null || path.test(r.path));
}

/** A canned answer for the next matching REST calls ({@link FakeDiscord.inject}). */
export interface Fault {
  match: (req: RecordedRequest) => boolean;
  status: number;
  /** Default `{ message: 'injected', code: 0 }`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching calls get it (default 1). */
  times?: number;
}
