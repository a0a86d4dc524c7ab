import { describe, expect, it } from 'vitest';
import { DETECTED_KINDS, detect } from '../../../shared/review/detectors';

/**
 * A masked value is never a finding, of any kind (EXPAND-4): a published list may show what the
 * redaction left. Each row is [kind, the unmasked text that is found, masked variants that are not].
 */
const CASES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  [
    'id-number',
    '身份证号：370405198503142355',
    [
      '身份证号：370405********2355',
      '身份证号：3704051985****2355',
      '身份证号：370405XXXXXXXX2355',
      '身份证号：370405850314235***',
    ],
  ],
  [
    'mobile',
    '电话：13912342345',
    ['电话：139****2345', '电话：1391234****', '电话：139 **** 2345', '电话：１３９＊＊＊＊２３４５'],
  ],
  [
    'bank-card',
    '卡号：6222 0212 3456 7894',
    [
      '卡号：6222 **** **** 1234',
      '卡号：622202******7894',
      '卡号：6222 0212 3456 7894 ***',
      '卡号：6222021234567894XXX',
    ],
  ],
  ['email', '邮箱：zhangsan@163.com', ['邮箱：zh***@163.com', '邮箱：z***n@163.com', '邮箱：zhangsan@***.com']],
  [
    'credit-code',
    '统一社会信用代码：92370402MA3C7XWY1G',
    ['统一社会信用代码：92370402MA3C****1G', '统一社会信用代码：923704020000****32'],
  ],
  ['passport', '护照号码：E12345678', ['护照号码：E1234****', '护照号码：E****5678', '护照号码：EA12*****']],
  [
    'address',
    '住址：某某路5号2单元101室',
    ['住址：某某路*号*单元***室', '住址：某某路5号**单元***室', '住址：某某路某号'],
  ],
  ['health', '赵某某，肢体残疾三级', ['赵某某，肢体残疾*级', '赵某某，****', '赵某某，患**']],
];

describe('EXPAND-4 masked values are never findings', () => {
  it('covers every kind a detector reports but the marking (a marking is never masked)', () => {
    expect(CASES.map(([kind]) => kind).sort()).toEqual(DETECTED_KINDS.filter((k) => k !== 'secret-marking').sort());
  });

  it.each(CASES)('%s: the unmasked value is found', (kind, unmasked) => {
    expect(detect(unmasked).map((f) => f.kind)).toEqual([kind]);
  });

  it.each(CASES.flatMap(([kind, , masked]) => masked.map((text) => [kind, text])))('%s: %j is clear', (_kind, text) => {
    expect(detect(text)).toEqual([]);
  });

  it.each(['王某某', '张**', '李×', '赵某', '欧阳某某', '张*明'])('the masked name %j is not a finding', (name) => {
    expect(detect(`申请人：${name}，`)).toEqual([]);
  });

  it('keeps a masked name as the person a condition is attached to: the condition is the finding', () => {
    expect(detect('张** 肢体残疾三级').map((f) => [f.kind, f.text])).toEqual([['health', '肢体残疾三级']]);
  });
});
