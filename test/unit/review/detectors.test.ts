import { describe, expect, it } from 'vitest';
import { detect, isCreditCode } from '../../../shared/review/detectors';

// All numbers below are made up; check characters were computed to be valid (or deliberately not).
const ID = '370405198503142355';
const ID_X = '37040219781120004X';
const ID_15 = '370405850314235';
const ID_BAD_CHECK = '370405198503142356';
const ID_ALSO_LUHN = '370401196604120038';
const CARD_19 = '6222021234567890128';
const CARD_16 = '4367420000123454';
const CARD_OLD_9 = '9558800000123456782';
const CARD_BAD_LUHN = '6222021234567890127';
const CODE_92 = '92370402MA3C7XWY1G';
const CODE_92_DIGITS = '923704020000001032';
const CODE_91 = '91370400MA3C12345Q';
const CODE_91_DIGITS_LUHN = '913704000000001100';

/** Kind and original text of each finding: what a reviewer sees. */
function found(text: string): Array<[string, string]> {
  return detect(text).map((f) => [f.kind, f.text]);
}

describe('FIVE-4 secret-marking', () => {
  it.each([
    ['机密★5年', '机密★5年'],
    ['秘密★启用前', '秘密★启用前'],
    ['绝密★', '绝密★'],
    ['绝密★长期', '绝密★长期'],
    ['秘密☆10年', '秘密☆10年'],
    ['机密*1年', '机密*1年'],
    ['机密 ★ 6个月', '机密 ★ 6个月'],
    ['机密★５年\n关于调整的通知', '机密★５年'],
  ])('flags the marking in %j', (input, marking) => {
    expect(found(input)).toEqual([['secret-marking', marking]]);
  });

  it('flags a bare level on its own line (GB/T 9704 level without a term)', () => {
    expect(found('台政办发〔2017〕1号\n  秘密  \n关于印发制度的通知')).toEqual([['secret-marking', '秘密']]);
  });

  it.each([
    '不得公开涉及国家秘密',
    '做好公开前保密审查工作',
    '本办法所称“机密”是指',
    '涉及商业秘密、个人隐私的政府信息',
    '涉及商业秘密*的信息不予公开',
    '国家秘密的密级分为绝密、机密、秘密三级',
  ])('does not flag prose %j', (input) => {
    expect(detect(input)).toEqual([]);
  });
});

describe('FIVE-4 id-number', () => {
  it('flags an 18-digit ID with a valid check char and reports original offsets', () => {
    const text = `申请人身份证号：${ID}。`;
    expect(detect(text)).toEqual([{ kind: 'id-number', text: ID, start: 8, end: 26, rule: 'FIVE-4' }]);
  });

  it.each([
    [ID_X, ID_X],
    [ID_X.toLowerCase(), ID_X.toLowerCase()],
    [ID_15, ID_15],
    ['３７０４０５１９８５０３１４２３５５', '３７０４０５１９８５０３１４２３５５'],
    ['3704 0519 8503 1423 55', '3704 0519 8503 1423 55'],
    ['370405 19850314 2355', '370405 19850314 2355'],
  ])('flags %j', (input, expected) => {
    expect(found(`身份证：${input}，`)).toEqual([['id-number', expected]]);
  });

  it('does not flag an 18-digit number with a wrong check char', () => {
    expect(detect(`身份证号${ID_BAD_CHECK}`)).toEqual([]);
  });

  it('does not flag an ID inside a longer digit run', () => {
    expect(detect(`编号12${ID}`)).toEqual([]);
    expect(detect(`编号${ID}7`)).toEqual([]);
  });

  it('does not flag a 15-digit business registration number (注册号)', () => {
    expect(detect(`营业执照注册号：${ID_15}`)).toEqual([]);
  });

  it('reports an ID that also passes Luhn once, as id-number', () => {
    expect(found(ID_ALSO_LUHN)).toEqual([['id-number', ID_ALSO_LUHN]]);
  });

  it('keeps an ID separate from a neighbouring table cell', () => {
    expect(found(`1 ${ID} 13812345678`)).toEqual([
      ['id-number', ID],
      ['mobile', '13812345678'],
    ]);
  });
});

describe('FIVE-4 bank-card', () => {
  it.each([
    [CARD_19, CARD_19],
    [CARD_16, CARD_16],
    [CARD_OLD_9, CARD_OLD_9],
    ['6222 0212 3456 7890 128', '6222 0212 3456 7890 128'],
    ['６２２２０２１２３４５６７８９０１２８', '６２２２０２１２３４５６７８９０１２８'],
  ])('flags %j', (input, expected) => {
    expect(found(`收款账号：${input}（农商银行）`)).toEqual([['bank-card', expected]]);
  });

  // Issuer prefix and a length that scheme issues, then Luhn (all Luhn-valid, made up).
  it.each([
    ['UnionPay, 19 digits', '6228480000001234566'],
    ['UnionPay, 18 digits', '621700000012345670'],
    ['UnionPay, 16 digits', '6222021234567894'],
    ['domestic ICBC 9558, 18 digits', '955880000012345674'],
    ['domestic ABC 95599, 19 digits', '9559900000123456789'],
    ['Bank of China 601382, 16 digits', '6013820000123458'],
    ['Visa, 16 digits', '4374520000001237'],
    ['Visa, 19 digits', '4374520000001234562'],
    ['Mastercard 51–55', '5105105105105100'],
    ['Mastercard 2-series', '2221000000000009'],
    ['JCB 3528–3589', '3528123456789012'],
    ['Discover 6011', '6011111111111117'],
  ])('flags a %s card', (_scheme, card) => {
    expect(found(`卡号：${card}`)).toEqual([['bank-card', card]]);
    expect(found(card)).toEqual([['bank-card', card]]);
  });

  it('flags a 15-digit American Express card only after a card word', () => {
    expect(found('信用卡号：378282246310005')).toEqual([['bank-card', '378282246310005']]);
    // The same shape is every Shandong 15-digit registration number.
    expect(detect('编号378282246310005')).toEqual([]);
  });

  // Luhn-valid runs whose prefix or length no card scheme issues.
  it.each([
    ['an 18-digit project code failing the ID checksum', '项目代码：370405201712290016'],
    ['an 18-digit archive number from 37…', '档案号：370405501200001233'],
    ['a 16-digit number from 3704 (not JCB)', '合同编号3704123456789018'],
    ['a 16-digit number from 2000 (below 2-series Mastercard)', '批次号2000123456789011'],
    ['an 18-digit number from 4 (Visa issues 16 and 19)', '流水号437452000000123452'],
    ['a 19-digit number from 51 (Mastercard issues 16)', '流水号5104051234567890122'],
    ['a 16-digit number from 91 (not a 955 domestic card)', '单号9100123456789015'],
    ['an order number starting with a year', '订单号2017122913812345675'],
    ['a meter number (MII 8)', '电表号8123456789012340'],
  ])('does not flag %s', (_what, text) => {
    expect(detect(text)).toEqual([]);
  });

  it('does not read a hyphenated investment project code as a card', () => {
    expect(detect('项目代码：2017-370405-47-03-012345')).toEqual([]);
  });

  it('does not flag a number failing Luhn', () => {
    expect(detect(`账号${CARD_BAD_LUHN}`)).toEqual([]);
  });

  it('does not flag a card number inside a longer digit run', () => {
    expect(detect(`流水号8${CARD_19}`)).toEqual([]);
  });

  it('does not read a row of years as a card', () => {
    expect(detect('2019 2020 2021 2022年度报告')).toEqual([]);
  });

  it('reads a grouped card as one card, not a phone inside it', () => {
    expect(found('6222 0212 1381 2345 674')).toEqual([['bank-card', '6222 0212 1381 2345 674']]);
  });
});

describe('FIVE-4 mobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138-1234-5678', '138-1234-5678'],
    ['138 1234 5678', '138 1234 5678'],
    ['+86 138 1234 5678', '+86 138 1234 5678'],
    ['+8613812345678', '+8613812345678'],
    ['１３８１２３４５６７８', '１３８１２３４５６７８'],
    ['199\u200b1234\u200b5678', '199\u200b1234\u200b5678'],
  ])('flags %j', (input, expected) => {
    expect(found(`联系人：张某，手机${input}。`)).toEqual([['mobile', expected]]);
  });

  it('flags each phone of a space-separated list', () => {
    expect(found('13812345678 13987654321')).toEqual([
      ['mobile', '13812345678'],
      ['mobile', '13987654321'],
    ]);
  });

  it.each([
    '联系电话：0632-6611234',
    '联系电话：（0632）6611234',
    '市民热线12345',
    '消费者投诉举报专线12315',
    '客服电话400-123-4567',
    '号码12812345678',
    '流水号913812345678',
    '比例为0.13812345678',
  ])('does not flag %j', (input) => {
    expect(detect(input)).toEqual([]);
  });
});

describe('FIVE-4 credit-code (individual business, 92…)', () => {
  it('computes GB 32100 check chars as the fixtures expect', () => {
    expect([CODE_92, CODE_92_DIGITS, CODE_91, CODE_91_DIGITS_LUHN].every(isCreditCode)).toBe(true);
    expect(isCreditCode('92370402MA3C7XWY1H')).toBe(false);
  });

  it.each([CODE_92, CODE_92_DIGITS])('flags the individual business code %j', (code) => {
    expect(found(`当事人：某某便利店（个体工商户），统一社会信用代码：${code}，经营者：张某`)).toEqual([
      ['credit-code', code],
    ]);
  });

  it('does not flag a company code: public registry data', () => {
    expect(detect(`统一社会信用代码：${CODE_91}`)).toEqual([]);
  });

  it('does not misread an all-digit company code as a card', () => {
    expect(detect(`统一社会信用代码：${CODE_91_DIGITS_LUHN}`)).toEqual([]);
  });

  it('does not flag a 92… code with a wrong check char, or one inside a longer token', () => {
    expect(detect('统一社会信用代码：92370402MA3C7XWY1H')).toEqual([]);
    expect(detect(`编号A${CODE_92}`)).toEqual([]);
  });
});

describe('FIVE-4 email', () => {
  it.each(['zhang.san@163.com', '12345678@qq.com', 'li_si@example.com.cn', 'ｗａｎｇ＠１２６．ｃｏｍ'])(
    'flags the personal mailbox %j',
    (address) => {
      expect(found(`申请人邮箱：${address}。`)).toEqual([['email', address]]);
    },
  );

  it('reports a phone number used as a mailbox once, as email', () => {
    expect(found('邮箱13812345678@139.com')).toEqual([['email', '13812345678@139.com']]);
  });

  it.each(['tezxxgk@tez.gov.cn', 'zfxxgk@zaozhuang.gov.cn'])('does not flag the government mailbox %j', (a) => {
    expect(detect(`政务公开邮箱：${a}`)).toEqual([]);
  });

  it('does not flag things that only look like an address', () => {
    expect(detect('关注@枣庄发布 微博')).toEqual([]);
    expect(detect('user@localhost')).toEqual([]);
  });
});

describe('FIVE-4 detect', () => {
  it('returns findings sorted by start, with original offsets', () => {
    const text = `机密★1年\n关于张某（身份证号${ID_X}，电话138-1234-5678，卡号${CARD_19}）的处理决定`;
    const findings = detect(text);
    expect(findings.map((f) => f.kind)).toEqual(['secret-marking', 'id-number', 'mobile', 'bank-card']);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('returns nothing for an ordinary notice', () => {
    expect(detect('台儿庄区人民政府办公室关于印发政务公开七项制度的通知（台政办发〔2017〕45号）')).toEqual([]);
  });
});
