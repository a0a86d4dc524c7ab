import { describe, expect, it } from 'vitest';
import { lifecycleState } from '../../../shared/model/lifecycle';
import { proactiveTable, sumProactive } from '../../../shared/report/proactive';
import { doc, EDU_DOCUMENTS } from './fixtures';

const none = { decisionCounts: {}, charges: 0 };
const c = (value: number) => ({ value, source: 'computed' });

describe('table 二 from the documents (art. 20 (一), (五), (六))', () => {
  it('2024: issued, in force at the year end, nothing abolished yet', () => {
    const t = proactiveTable(EDU_DOCUMENTS, 'edu', 2024, none);
    // Issued 2024: norm-abolished-2025, norm-lapses-2025. In force at 2024-12-31: both, and reg-2023.
    expect(t.normative).toEqual({ issued: c(2), abolished: c(0), inForce: c(2), lapsed: 0 });
    expect(t.regulations).toEqual({ issued: c(0), abolished: c(0), inForce: c(1), lapsed: 0 });
    expect(t.punishment).toEqual(c(1)); // pun-2024
  });

  it('2025: abolished and lapsed across the year boundary, cancelled/obtained/other agencies left out', () => {
    const t = proactiveTable(EDU_DOCUMENTS, 'edu', 2025, none);
    // Issued 2025: norm-lapses-2026, norm-abolished-2026, norm-late-2025 (cancelled, obtained, health's: no).
    // Abolished 2025: norm-abolished-2025. Lapsed 2025: norm-lapses-2025 (valid until 2025-06-30).
    // In force at 2025-12-31: norm-lapses-2026 (valid through that day), norm-abolished-2026 (from 2026-01-15), norm-late-2025.
    expect(t.normative).toEqual({ issued: c(3), abolished: c(1), inForce: c(3), lapsed: 1 });
    expect(t.regulations).toEqual({ issued: c(0), abolished: c(0), inForce: c(1), lapsed: 0 });
    // 行政处罚: pun-2025a, pun-2025b (recorded, on request: decided all the same); 2024's is not 2025's.
    expect(t.punishment).toEqual(c(2));
    // 行政许可: lic-2025a, lic-2025b; the one rejected at sign-off is not counted.
    expect(t.licensing).toEqual(c(2));
    expect(t.enforcement).toEqual(c(0));
  });

  it('2026: the one abolished on 2026-01-15 and the one lapsed on 2026-01-01', () => {
    const t = proactiveTable(EDU_DOCUMENTS, 'edu', 2026, none);
    expect(t.normative).toEqual({ issued: c(0), abolished: c(1), inForce: c(1), lapsed: 1 });
  });

  it('an entered count replaces the computed one and says where it comes from; charges are entered', () => {
    const t = proactiveTable(EDU_DOCUMENTS, 'edu', 2025, {
      decisionCounts: { licensing: { count: 120, source: '区政务服务平台' } },
      charges: 1.25,
    });
    expect(t.licensing).toEqual({ value: 120, source: 'entered', note: '区政务服务平台' });
    expect(t.punishment).toEqual(c(2));
    expect(t.charges).toEqual({ value: 1.25, source: 'entered' });
  });

  it("the district adds the agencies' tables; a sum with an entered part is marked entered", () => {
    const edu = proactiveTable(EDU_DOCUMENTS, 'edu', 2025, {
      decisionCounts: { licensing: { count: 120, source: '区政务服务平台' } },
      charges: 1.2345,
    });
    const health = proactiveTable(EDU_DOCUMENTS, 'health', 2025, { decisionCounts: {}, charges: 0.0001 });
    const sum = sumProactive([edu, health]);
    // health's one normative document (norm-health, issued 2025, in force).
    expect(sum.normative).toEqual({ issued: c(4), abolished: c(1), inForce: c(4), lapsed: 1 });
    expect(sum.licensing).toEqual({ value: 120, source: 'entered', note: '区政务服务平台' });
    expect(sum.punishment).toEqual(c(2));
    expect(sum.charges.value).toBe(1.2346);
  });
});

describe('lifecycle state (catalogue)', () => {
  const n = doc('n', 'normative', '2025-01-10', { validUntil: '2025-12-31' });
  it('in force through the last valid day, lapsed after it; abolished from its day on', () => {
    expect(lifecycleState(n, '2025-12-31')).toBe('in-force');
    expect(lifecycleState(n, '2026-01-01')).toBe('lapsed');
    const a = { ...n, abolition: { on: '2025-06-01', document: 'x', by: 'u', at: '' } };
    expect(lifecycleState(a, '2025-05-31')).toBe('in-force');
    expect(lifecycleState(a, '2025-06-01')).toBe('abolished');
    expect(lifecycleState(doc('p', 'punishment', '2025-01-01'), '2025-06-01')).toBeUndefined();
  });
});
