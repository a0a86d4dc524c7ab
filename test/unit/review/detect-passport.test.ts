import { describe, expect, it } from 'vitest';
import { detect, isPassportNumber } from '../../../shared/review/detectors';

function found(text: string): Array<[string, string]> {
  return detect(text).map((f) => [f.kind, f.text]);
}

describe('EXPAND-4 passport: PRC passport numbers in a passport context', () => {
  it.each([
    ['护照号码：E12345678', 'E12345678'],
    ['护照号：EA1234567', 'EA1234567'],
    ['赵某某（护照G12345678）', 'G12345678'],
    ['Passport No.: PE1234567', 'PE1234567'],
    ['外交护照 DE1234567', 'DE1234567'],
    ['公务护照号码S1234567', 'S1234567'],
    ['护照号码：Ｅ１２３４５６７８', 'Ｅ１２３４５６７８'],
    ['证件类型：护照\n证件号码：E87654321', 'E87654321'],
    ['证件号码：EB7654321（护照）', 'EB7654321'],
  ])('flags %j', (input, passport) => {
    expect(found(input)).toEqual([['passport', passport]]);
  });

  it('flags the rows of a 护照号码 column', () => {
    const text = [
      '序号 姓名 单位 护照号码',
      '1 赵某某 某某进出口公司 E12345678',
      '2 钱某某 某某纺织公司 EA1234567',
    ].join('\n');
    expect(found(text)).toEqual([
      ['passport', 'E12345678'],
      ['passport', 'EA1234567'],
    ]);
  });

  it('knows the issued formats', () => {
    expect(['E12345678', 'EA1234567', 'G12345678', 'SE1234567', 'P1234567'].every(isPassportNumber)).toBe(true);
    expect(['E1234567', 'EI1234567', 'EO1234567', 'C12345678', 'K12345678', 'G1234567'].some(isPassportNumber)).toBe(
      false,
    );
  });

  it.each([
    '编号E12345678',
    '型号：SE1234567型空调',
    'G12345678',
    '护照号码：E123456789',
    '护照号码：C12345678',
    '护照号码：EI1234567',
    '往来港澳通行证：C12345678',
    '护照办理咨询电话：0632-6611234',
    '因公出国（境）人员护照由区外事办统一保管。\n\n合同编号：G20180001',
    '需办理护照的人员请到出入境接待大厅办理\n展位编号：E12345678',
  ])('does not flag %j', (input) => {
    expect(detect(input)).toEqual([]);
  });

  it.each(['护照号码：E1234****', '护照号码：E****5678', '护照号：EA12*****', '护照号码：E12345678**'])(
    'does not flag the masked number %j',
    (input) => {
      expect(detect(input)).toEqual([]);
    },
  );
});
