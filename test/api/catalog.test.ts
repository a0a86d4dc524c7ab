import { describe, expect, it } from 'vitest';
import { createWorld, NOW, PEOPLE, TEST_ADDRESS_HEADER } from './support';

/** Four published documents: three in 2026 (two agencies, two categories), one in 2025. */
async function catalogue() {
  const w = createWorld();
  w.clock.set('2025-06-02T02:00:00.000Z');
  const old = await w.published({ title: '关于2025年义务教育招生工作的通知', formedAt: '2025-05-28' });
  w.clock.set('2026-11-24T02:00:00.000Z');
  const heating = await w.published({ title: '关于做好冬季供暖保障工作的通知', documentNumber: '台教发〔2026〕31号' });
  w.clock.set('2026-11-24T03:00:00.000Z');
  const budget = await w.published({
    title: '区教育局2026年部门预算公开',
    category: '05',
    documentNumber: '台教发〔2026〕40号',
  });
  w.clock.set('2026-11-24T04:00:00.000Z');
  const disease = await w.published({}, { as: PEOPLE.uploaderOther });
  w.clock.set(NOW);
  return { w, old, heating, budget, disease };
}

const ids = (body: { entries: Array<{ documentId: string }> }) => body.entries.map((e) => e.documentId);

describe('/api/catalog (READ-4)', () => {
  it("lists this year's entries by default, newest first, with links to the public copies", async () => {
    const { w, heating, budget, disease } = await catalogue();
    const res = await w.call('GET', '/api/catalog');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([disease.id, budget.id, heating.id]);
    expect(res.body.entries[2]).toEqual({
      indexNumber: '0201-02-2026-000001',
      documentId: heating.id,
      title: '关于做好冬季供暖保障工作的通知',
      agency: 'edu',
      agencyName: '区教育局',
      category: '02',
      documentNumber: '台教发〔2026〕31号',
      formedAt: '2026-11-20',
      publishedAt: '2026-11-24T02:00:00.000Z',
      publicKey: heating.publicKey,
      url: `/${heating.publicKey}`,
    });
    expect(res.body.entries.map((e: { indexNumber: string }) => e.indexNumber)).toEqual([
      '0202-02-2026-000001',
      '0201-05-2026-000002',
      '0201-02-2026-000001',
    ]);
  });

  it('the default year is the current year in Beijing', async () => {
    const { w, heating, budget, disease } = await catalogue();
    // 2026-12-31 16:30 UTC is already 2027-01-01 in Beijing: a new, empty catalogue year.
    w.clock.set('2026-12-31T16:30:00.000Z');
    expect((await w.call('GET', '/api/catalog')).body).toEqual({ entries: [] });
    w.clock.set('2026-12-31T15:30:00.000Z');
    expect(ids((await w.call('GET', '/api/catalog')).body)).toEqual([disease.id, budget.id, heating.id]);
  });

  it('filters by year, agency, category and words in the title, index number or document number', async () => {
    const { w, old, heating, budget, disease } = await catalogue();
    const query = async (q: string) => {
      const res = await w.call('GET', `/api/catalog?${q}`);
      expect(res.status, q).toBe(200);
      return ids(res.body);
    };
    expect(await query('year=2025')).toEqual([old.id]);
    expect(await query('year=2026')).toEqual([disease.id, budget.id, heating.id]);
    expect(await query('year=2024')).toEqual([]);
    expect(await query('agency=health')).toEqual([disease.id]);
    expect(await query('agency=edu')).toEqual([budget.id, heating.id]);
    expect(await query('year=2025&agency=health')).toEqual([]);
    expect(await query('category=05')).toEqual([budget.id]);
    expect(await query('agency=edu&category=02')).toEqual([heating.id]);
    expect(await query(`q=${encodeURIComponent('供暖')}`)).toEqual([heating.id]);
    expect(await query(`q=${encodeURIComponent('40号')}`)).toEqual([budget.id]);
    expect(await query('q=0202-02-2026')).toEqual([disease.id]);
    expect(await query(`year=2025&q=${encodeURIComponent('招生')}`)).toEqual([old.id]);
    expect(await query(`q=${encodeURIComponent('没有这样的文件')}`)).toEqual([]);
  });

  it('refuses a malformed query: 400', async () => {
    const { w } = await catalogue();
    for (const q of ['year=1999', 'year=twenty', 'category=5', 'category=abc', `q=${'字'.repeat(201)}`]) {
      const res = await w.call('GET', `/api/catalog?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('invalid_input');
    }
  });

  it('counts a look-up of an entry once per visitor and day (READ-5(6)), which the list shows', async () => {
    const { w, heating, budget } = await catalogue();
    const get = (headers: Record<string, string> = {}) =>
      w.call('GET', `/api/catalog/entries/${heating.id}`, { headers: { 'user-agent': 'Firefox/140.0', ...headers } });
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ documentId: heating.id, indexNumber: '0201-02-2026-000001', queries: 1 });
    // Reloading the page, signed in or not, is the same visitor.
    expect((await get()).body.queries).toBe(1);
    expect(
      (
        await w.call('GET', `/api/catalog/entries/${heating.id}`, {
          as: PEOPLE.oversight,
          headers: { 'user-agent': 'Firefox/140.0' },
        })
      ).body.queries,
    ).toBe(1);
    // Another address, another browser: other visitors.
    expect((await get({ [TEST_ADDRESS_HEADER]: '198.51.100.20' })).body.queries).toBe(2);
    expect((await get({ 'user-agent': 'curl/8.5.0' })).body.queries).toBe(3);
    // The next day the same visitor counts again.
    w.clock.set('2026-11-25T02:00:00.000Z');
    expect((await get()).body.queries).toBe(4);

    const list = (await w.call('GET', '/api/catalog?agency=edu')).body.entries;
    expect(list.find((e: { documentId: string }) => e.documentId === heating.id).queries).toBe(4);
    // Nobody looked the other one up.
    expect(list.find((e: { documentId: string }) => e.documentId === budget.id)).not.toHaveProperty('queries');
  });

  it('an entry that is not public is not found, and its look-up is not counted', async () => {
    const w = createWorld();
    const inFlight = await w.awaitingSignoff();
    // On-request information gets an index number but never a catalogue entry (FIVE-1).
    const recorded = await w.published({ disclosure: 'on-request', title: '依申请公开的答复' });
    expect(recorded.status).toBe('RECORDED');
    for (const id of [inFlight.id, recorded.id, crypto.randomUUID(), 'not-even-an-id']) {
      const res = await w.call('GET', `/api/catalog/entries/${id}`);
      expect(res.status, id).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await w.call('GET', '/api/catalog')).body).toEqual({ entries: [] });
  });

  it('a withdrawn entry stays listed with its reason, without a link to the copy', async () => {
    const { w, heating } = await catalogue();
    const withdrawn = await w.call('POST', `/api/documents/${heating.id}/withdrawal`, {
      as: PEOPLE.uploaderEdu,
      body: { reason: '文件内容有误' },
    });
    expect(withdrawn.status).toBe(201);
    const entry = (await w.call('GET', '/api/catalog?agency=edu&category=02')).body.entries;
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '文件内容有误', withdrawnAt: NOW });
    expect(entry[0]).not.toHaveProperty('url');
  });

  it('an important policy without its interpretation shows the gap; with it, the link (INTERP-3, INTERP-6)', async () => {
    const w = createWorld();
    const policy = await w.published({ title: '区教育事业发展规划', importantPolicy: true });
    const before = await w.call('GET', `/api/catalog/entries/${policy.id}`);
    expect(before.body).toMatchObject({ importantPolicy: true, interpretationMissing: true });

    const interpretation = await w.published({ title: '《区教育事业发展规划》政策解读', interprets: policy.id });
    const after = await w.call('GET', `/api/catalog/entries/${policy.id}`);
    expect(after.body).toMatchObject({
      importantPolicy: true,
      interpretationIndexNumber: interpretation.indexNumber,
      interpretationUrl: `/${interpretation.publicKey}`,
    });
    expect(after.body).not.toHaveProperty('interpretationMissing');
    expect(after.body).not.toHaveProperty('interpretation');
    const listed = await w.call('GET', `/api/catalog/entries/${interpretation.id}`);
    expect(listed.body.interprets).toBe(policy.id);
  });
});

describe('/api/agencies', () => {
  it('lists every agency with its departments, an abolished one with its successor', async () => {
    const w = createWorld();
    const res = await w.call('GET', '/api/agencies');
    expect(res.status).toBe(200);
    expect(res.body.find((a: { id: string }) => a.id === 'edu')).toEqual({
      id: 'edu',
      name: '区教育局',
      code: '0201',
      status: 'active',
      departments: [
        { id: 'basic-edu', name: '基础教育科' },
        { id: 'office', name: '办公室' },
      ],
    });
    expect(res.body.find((a: { id: string }) => a.id === 'land')).toEqual({
      id: 'land',
      name: '原区国土资源局',
      code: '0220',
      status: 'abolished',
      successorId: 'natres',
      departments: [],
    });
    // Who leads what is not for the public.
    expect(JSON.stringify(res.body)).not.toContain('li.na');
  });
});
