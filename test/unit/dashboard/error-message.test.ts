import { describe, expect, it } from 'vitest';
import { en } from '../../../dashboard/src/i18n/en';
import { zh } from '../../../dashboard/src/i18n/zh';
import { ApiError } from '../../../dashboard/src/lib/api';
import { errorDetail, errorMessage } from '../../../dashboard/src/lib/error-text';

/** Staff who read only Chinese see why a request failed in Chinese; the server's English detail follows. */

describe('errorMessage', () => {
  it('words a failure by its code, with the server message as the detail', () => {
    const conflict = new ApiError(409, 'conflict', 'document d1 is AWAITING_SIGNOFF: it changed since it was read');
    expect(errorMessage(zh, conflict)).toBe('该记录已被他人或系统更新，请刷新后重试');
    expect(errorMessage(en, conflict)).toBe('Someone or the system changed this meanwhile; refresh and try again');
    expect(errorDetail(conflict)).toBe('document d1 is AWAITING_SIGNOFF: it changed since it was read');
  });

  it('names the refused fields as the upload form labels them', () => {
    const refused = new ApiError(
      400,
      'invalid_input',
      'body.title: title is required; body.formedAt: formedAt must be a date; body.title: at most 200',
    );
    expect(errorMessage(zh, refused)).toBe('提交的内容不符合要求（标题、成文日期）');
    expect(errorMessage(en, refused)).toBe('What was sent does not meet the rules (Title, Date formed)');
    // A field the form does not have keeps its name.
    expect(errorMessage(zh, new ApiError(400, 'invalid_input', 'header.Idempotency-Key: 1 … 255'))).toBe(
      '提交的内容不符合要求（Idempotency-Key）',
    );
  });

  it('a code it does not know shows the server message, or the status when there is none', () => {
    expect(errorMessage(zh, new ApiError(418, 'teapot', 'short and stout'))).toBe('short and stout');
    expect(errorDetail(new ApiError(418, 'teapot', 'short and stout'))).toBeUndefined();
    expect(errorMessage(zh, new ApiError(502, 'http_error', ''))).toBe('请求未被受理');
    expect(errorMessage(zh, new ApiError(502, 'teapot', ''))).toBe('请求失败（HTTP 502）');
  });

  it('a refusal a page worded itself is shown as it is, without the detail', () => {
    const worded = new ApiError(403, 'unauthorised_publication', '本单位不是该信息的发布机关', true);
    expect(errorMessage(zh, worded)).toBe('本单位不是该信息的发布机关');
    expect(errorDetail(worded)).toBeUndefined();
  });

  it('what happened before any answer keeps its own words', () => {
    expect(errorMessage(zh, new ApiError(0, 'network', ''))).toBe(zh.common.network);
    expect(errorDetail(new ApiError(0, 'network', ''))).toBeUndefined();
  });
});
