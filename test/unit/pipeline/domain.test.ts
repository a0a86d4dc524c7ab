import { describe, expect, it } from 'vitest';
import { beijingDate } from '../../../shared/calendar/beijing';
import { canTransition, DocumentMetadataSchema, STATUSES, TERMINAL_STATUSES } from '../../../shared/model/document';
import { ValidationError } from '../../../shared/model/errors';
import { documentIdFromKey, uploadKey } from '../../../shared/model/object-keys';
import { formatIndexNumber, INDEX_NUMBER_PATTERN } from '../../../shared/pipeline/index-number';
import { stageOf } from '../../../shared/pipeline/stage';

const metadata = {
  title: '关于印发政务公开工作协调制度的通知',
  agency: 'gov-office',
  department: 'disclosure',
  category: '02',
  formedAt: '2017-12-29',
  disclosure: 'proactive',
  origin: 'made',
  filename: 'notice.docx',
  contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

describe('index numbers (索引号)', () => {
  it('formats AAAA-CC-YYYY-NNNNNN like the seed’s own 0101-02-2017-000641', () => {
    expect(formatIndexNumber('0101', '02', 2017, 641)).toBe('0101-02-2017-000641');
    expect(formatIndexNumber('0201', '08', 2026, 1)).toMatch(INDEX_NUMBER_PATTERN);
  });

  it.each([
    ['101', '02', 2017, 1, /agency code/],
    ['0101', '2', 2017, 1, /category code/],
    ['0101', '02', 17, 1, /year/],
    ['0101', '02', 2017, 0, /sequence/],
    ['0101', '02', 2017, 1_000_000, /sequence/],
  ] as const)('fails when given %s-%s-%s-%s', (agency, category, year, sequence, message) => {
    expect(() => formatIndexNumber(agency, category, year, sequence)).toThrow(ValidationError);
    expect(() => formatIndexNumber(agency, category, year, sequence)).toThrow(message);
  });
});

describe('statuses only move forward', () => {
  it('no status can be reached again from a status after it', () => {
    // Walk the transition graph: it must be acyclic, so a conditional write on `from` never goes back.
    const reachable = (from: (typeof STATUSES)[number], seen = new Set<string>()): Set<string> => {
      for (const to of STATUSES) {
        if (canTransition(from, to) && !seen.has(to)) {
          seen.add(to);
          reachable(to, seen);
        }
      }
      return seen;
    };
    for (const status of STATUSES) expect(reachable(status).has(status), status).toBe(false);
  });

  it('once the flow is over only a correction, withdrawal or cancellation follows; every status in flight can fail', () => {
    for (const status of STATUSES) {
      const exits = STATUSES.filter((to) => canTransition(status, to));
      if (TERMINAL_STATUSES.has(status)) {
        for (const to of exits) expect(['CORRECTED', 'WITHDRAWN', 'CANCELLED'], `${status} → ${to}`).toContain(to);
      } else expect(exits, status).toContain('FAILED');
    }
    expect(STATUSES.filter((to) => canTransition('PUBLISHED', to))).toEqual(['CORRECTED', 'WITHDRAWN']);
    expect(STATUSES.filter((to) => canTransition('REJECTED', to))).toEqual([]);
  });

  it('the flow resumes at the stage its status says', () => {
    expect(stageOf('AWAITING_SIGNOFF')).toBe('signoff');
    expect(stageOf('SIGNED_OFF')).toBe('route');
    expect(stageOf('ROUTED')).toBe('publish');
    expect(stageOf('PUBLISHED')).toBe('done');
  });
});

describe('FIVE-1 upload metadata', () => {
  it('FIVE-1 accepts a proactive document and requires a legal reason for 不予公开', () => {
    expect(DocumentMetadataSchema.safeParse(metadata).success).toBe(true);
    const withheld = DocumentMetadataSchema.safeParse({ ...metadata, disclosure: 'not-disclosed' });
    expect(withheld.success).toBe(false);
    expect(withheld.error?.issues[0]?.message).toContain('FIVE-1');
    const withReason = { ...metadata, disclosure: 'not-disclosed', legalReason: '《政府信息公开条例》第十四条' };
    expect(DocumentMetadataSchema.safeParse(withReason).success).toBe(true);
  });

  it('rejects an unknown disclosure attribute, a bad date and an unaccepted file type', () => {
    expect(DocumentMetadataSchema.safeParse({ ...metadata, disclosure: 'public' }).success).toBe(false);
    expect(DocumentMetadataSchema.safeParse({ ...metadata, formedAt: '29/12/2017' }).success).toBe(false);
    expect(DocumentMetadataSchema.safeParse({ ...metadata, contentType: 'application/zip' }).success).toBe(false);
  });
});

describe('upload keys and dates', () => {
  it('maps an upload key back to its document, and nothing else', () => {
    const id = '8e4e205a-9631-454f-9d89-bbd00b0853f8';
    expect(documentIdFromKey(uploadKey(id))).toBe(id);
    expect(documentIdFromKey(`public/${id}`)).toBeUndefined();
    expect(documentIdFromKey('uploads/../etc/passwd')).toBeUndefined();
  });

  it('takes the calendar day in Beijing time', () => {
    expect(beijingDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(beijingDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });
});
