/**
 * How the sync engine reaches the office server: one interface, so the engine
 * runs the same against the real HTTP server in the app and against the real
 * server code called in-process in tests (`tests/sync/inProcess.ts`).
 *
 * A transport only carries messages; it neither retries nor interprets them.
 * A refusal comes back as a `TransportError` with the server's reason code; a
 * request that never got an answer (offline, server down, a lost response) is
 * `reason: 'network'`, and the engine simply tries again later: every request
 * is safe to repeat (pushes are idempotent by op, pulls by cursor).
 */
import {
  PROTOCOL_VERSION,
  SYNC_API,
  type HelloRequest,
  type HelloResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type Reason,
  type TextDiffRequest,
  type TextDiffResponse,
  type UnitsResponse,
} from '../protocol/index.ts';

export interface PullArgs {
  readonly unit: string;
  readonly after: number;
  readonly limit?: number;
}

export interface Transport {
  hello(request: HelloRequest): Promise<HelloResponse>;
  push(push: EncodedPush): Promise<PushResponse>;
  pull(args: PullArgs): Promise<PullResponse>;
  text(request: TextDiffRequest): Promise<TextDiffResponse>;
  units(): Promise<UnitsResponse>;
}

/**
 * A push with its body already encoded for the wire. The engine encodes batch
 * n+1 while batch n is on the wire (`encodePush`), so sending it costs nothing
 * more: encoding 2,000 people's changes (the JSON, then the Blob of it) took
 * some 25 ms a batch in Chromium here, a sixth of a 10,000-person upload when
 * it was done between one answer and the next request.
 */
export interface EncodedPush {
  readonly request: PushRequest;
  /**
   * `request` as JSON, in a Blob: Chromium hands a Blob's bytes to its network process in one go,
   * where a string (or typed array) body is copied across in pieces. 10,000 queued people (6 pushes,
   * 9.6 MB) took about 300 ms to upload as strings and 80 ms as Blobs, to a bare server on the machine here.
   */
  readonly body: Blob;
}

export function encodePush(request: PushRequest): EncodedPush {
  return { request, body: jsonBlob(request) };
}

/** A message as the body of a request: JSON, in a Blob (see `EncodedPush`). */
function jsonBlob(message: object): Blob {
  return new Blob([JSON.stringify(message)], { type: 'application/json' });
}

/** What the server told us (its reason code), or `network` when no answer came. */
export type SyncFailure = Reason | 'network' | 'bad_response';

export class TransportError extends Error {
  constructor(
    readonly reason: SyncFailure,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(`sync: ${reason} (${status})`);
    this.name = 'TransportError';
  }
}

/**
 * The live channel: the server says "the unit's log grew" and the engine pulls.
 * `onState` reports whether the channel is open; it reconnects by itself.
 */
export interface LiveChannel {
  open(unit: string, handlers: { onChange(head: number): void; onState(open: boolean): void }): () => void;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * HTTP to the office server the app was loaded from (`origin` ''), or another
 * origin. Timeouts: a request that hangs on a dying Wi-Fi must not hold the
 * sync lock for ever; the engine retries it.
 */
export class HttpTransport implements Transport {
  constructor(
    private readonly origin = '',
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
    private readonly timeoutMs = 20_000,
  ) {}

  hello(request: HelloRequest): Promise<HelloResponse> {
    return this.call<HelloResponse>('POST', SYNC_API.hello, request);
  }
  push(push: EncodedPush): Promise<PushResponse> {
    return this.call<PushResponse>('POST', SYNC_API.push, push.body);
  }
  pull(args: PullArgs): Promise<PullResponse> {
    const q = new URLSearchParams({ unit: args.unit, after: String(args.after) });
    if (args.limit !== undefined) q.set('limit', String(args.limit));
    return this.call<PullResponse>('GET', `${SYNC_API.pull}?${q.toString()}`);
  }
  text(request: TextDiffRequest): Promise<TextDiffResponse> {
    return this.call<TextDiffResponse>('POST', SYNC_API.text, request);
  }
  units(): Promise<UnitsResponse> {
    return this.call<UnitsResponse>('GET', SYNC_API.units);
  }

  /** `body`: a message to send as JSON, or one already encoded (a push). */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchFn(this.origin + path, {
        method,
        signal: controller.signal,
        cache: 'no-store',
        headers: { accept: 'application/json', 'x-protocol-version': String(PROTOCOL_VERSION), ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: body instanceof Blob ? body : jsonBlob(body) } : {}),
      });
    } catch {
      throw new TransportError('network', 0);
    } finally {
      clearTimeout(timer);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      // The service worker's offline answer, a captive portal's page, a proxy's error: not our server.
      throw new TransportError(response.ok ? 'bad_response' : 'network', response.status);
    }
    if (!response.ok) {
      const wire = json as { reason?: Reason; details?: unknown };
      throw new TransportError(wire.reason ?? 'bad_response', response.status, wire.details);
    }
    return json as T;
  }
}

/** Server-sent events from `/api/sync/events`; the browser's EventSource reconnects by itself. */
export class EventSourceChannel implements LiveChannel {
  constructor(private readonly origin = '') {}

  open(unit: string, handlers: { onChange(head: number): void; onState(open: boolean): void }): () => void {
    if (typeof EventSource === 'undefined') {
      handlers.onState(false);
      return () => {};
    }
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const connect = () => {
      source = new EventSource(`${this.origin}${SYNC_API.events}?unit=${encodeURIComponent(unit)}`);
      source.onopen = () => handlers.onState(true);
      source.addEventListener('change', (e) => {
        let head = 0;
        try {
          head = Number((JSON.parse((e as MessageEvent<string>).data) as { head?: number }).head ?? 0);
        } catch {
          // A malformed notice still means "something changed": pull.
        }
        handlers.onChange(head);
      });
      source.onerror = () => {
        handlers.onState(false);
        // CONNECTING: the browser retries by itself. CLOSED (an HTTP error): it gave up, so we retry, slowly.
        if (source?.readyState === EventSource.CLOSED && !closed) {
          source.close();
          retry = setTimeout(connect, 10_000);
        }
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }
}
