/**
 * The people of the fault run, at the API as a person at a browser would be: a request that gets
 * no answer (the runtime is down) or a 5xx is tried again after a pause, for as long as it takes
 * the runtime to come back; a 401 (a token of a runtime that restarted) signs in again.
 */

export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: whatever JSON the route answers
  readonly body: any;
}

/** How the run's requests fared: what a person would have seen. */
export interface RequestCounts {
  /** Requests that got no answer (the runtime was down) and were tried again. */
  unanswered: number;
  /** 5xx answers tried again. */
  serverErrors: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Person {
  private token: string | undefined;

  constructor(
    readonly user: string,
    private readonly baseUrl: string,
    private readonly counts: RequestCounts,
    /** How long to keep trying one request (covers a restart of the runtime). */
    private readonly patienceMs = 600_000,
  ) {}

  /** One attempt; undefined when nothing answered. */
  private async once(method: string, path: string, body?: unknown): Promise<Answer | undefined> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = text;
      }
      return { status: res.status, body: json };
    } catch {
      return undefined;
    }
  }

  private async signIn(): Promise<void> {
    const answer = await this.request('POST', '/api/dev/login', { user: this.user }, false);
    if (answer.status !== 200)
      throw new Error(`sign-in of ${this.user}: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.token = answer.body.token;
  }

  /**
   * A request, tried until it is answered with something other than a 5xx (or patience runs out).
   * `retry5xx` false: a 5xx is returned, for the caller to decide (a registration may have been written).
   */
  async request(method: string, path: string, body?: unknown, signedIn = true, retry5xx = true): Promise<Answer> {
    if (signedIn && !this.token) await this.signIn();
    const deadline = Date.now() + this.patienceMs;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once(method, path, body);
      if (answer?.status === 401 && signedIn) {
        await this.signIn();
        continue;
      }
      if (answer && (answer.status < 500 || !retry5xx)) return answer;
      if (answer) this.counts.serverErrors++;
      else this.counts.unanswered++;
      if (Date.now() > deadline) {
        throw new Error(
          `${method} ${path} was not answered for ${this.patienceMs} ms (last: ${answer?.status ?? 'no answer'})`,
        );
      }
      await pause(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body: unknown, retry5xx = true) {
    return this.request('POST', path, body, true, retry5xx);
  }

  /** PUTs bytes to a presigned URL (s3rver), until it is stored. */
  async put(url: string, contentType: string, bytes: string): Promise<void> {
    const deadline = Date.now() + this.patienceMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'PUT',
          headers: { 'content-type': contentType },
          body: bytes,
          signal: AbortSignal.timeout(60_000),
        });
        if (res.ok) return;
        if (res.status < 500) throw new Error(`upload: ${res.status} ${await res.text()}`);
        this.counts.serverErrors++;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('upload:')) throw err;
        this.counts.unanswered++;
      }
      if (Date.now() > deadline) throw new Error(`the upload to ${url} did not go through`);
      await pause(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }
}
