/** A small API client that signs in as a demo user, as the dashboard does (demo history, tests). */
export class ApiClient {
  private token?: string;
  constructor(readonly baseUrl: string) {}

  async login(user: string): Promise<this> {
    const res = await fetch(`${this.baseUrl}/api/dev/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user }),
    });
    if (!res.ok) throw new Error(`login ${user}: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
    return this;
  }

  // biome-ignore lint/suspicious/noExplicitAny: callers read whatever JSON the route returns
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  get(path: string) {
    return this.call('GET', path);
  }

  post(path: string, body: unknown) {
    return this.call('POST', path, body);
  }

  /** Registers a document and PUTs its bytes to the presigned URL; returns its id. */
  async upload(metadata: Record<string, unknown>, bytes: string | Uint8Array): Promise<string> {
    const created = await this.post('/api/documents', metadata);
    if (created.status !== 201) throw new Error(`register: ${created.status} ${JSON.stringify(created.body)}`);
    const put = await fetch(created.body.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': String(metadata.contentType) },
      body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
    });
    if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`);
    return created.body.id as string;
  }
}
