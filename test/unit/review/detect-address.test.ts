import { describe, expect, it } from 'vitest';
import { detect } from '../../../shared/review/detectors';

// Place names are written 某某 as in published examples; a real document carries the real names.
function found(text: string): Array<[string, string]> {
  return detect(text).map((f) => [f.kind, f.text]);
}

describe('EXPAND-4 address: a private home address down to the house', () => {
  it.each([
    ['家住某某镇某村三组7号', '某某镇某村三组7号'],
    ['住址：某某路5号2单元101室', '某某路5号2单元101室'],
    ['家庭住址：某某镇某某村五组', '某某镇某某村五组'],
    ['现住某某街道某某小区3号楼1单元502室', '某某街道某某小区3号楼1单元502室'],
    ['户籍地：台儿庄区某某镇某某村第三村民小组16号', '台儿庄区某某镇某某村第三村民小组16号'],
    ['居住地址:某某路12-3号', '某某路12-3号'],
    ['申请人通讯地址：某某镇某某村二组8号', '某某镇某某村二组8号'],
    ['家住在某某村一队', '某某村一队'],
    ['现居住地：某某小区8栋302', '某某小区8栋302'],
    ['户口所在地：某某镇某某村4组21号。', '某某镇某某村4组21号'],
    ['现居：某某花园12幢2单元601室', '某某花园12幢2单元601室'],
    ['来信人住址：某某村三组7号，联系电话略', '某某村三组7号'],
    ['住址：某某路５号２单元１０１室', '某某路５号２单元１０１室'],
    ['赵某某现居住在某某村三组7号', '某某村三组7号'],
    [
      '当事人：赵某某，男，1980年5月出生，住台儿庄区运河街道某某社区5号楼2单元301室',
      '台儿庄区运河街道某某社区5号楼2单元301室',
    ],
    ['当事人：钱某某，女，汉族，住某某镇某某村二组', '某某镇某某村二组'],
  ])('flags %j', (input, address) => {
    expect(found(input)).toEqual([['address', address]]);
  });

  it('ends at the house: a phone glued to it stays a phone', () => {
    expect(found('家住某某村三组7号13812345678')).toEqual([
      ['address', '某某村三组7号'],
      ['mobile', '13812345678'],
    ]);
  });

  it('flags the 家庭住址 column of a list, row by row, and reports original offsets', () => {
    const text = ['序号 户主姓名 家庭人口 家庭住址', '1 赵某某 3 某某村三组7号', '2 钱某某 2 某某村五组12号'].join(
      '\n',
    );
    const findings = detect(text);
    expect(findings.map((f) => [f.kind, f.text])).toEqual([
      ['address', '某某村三组7号'],
      ['address', '某某村五组12号'],
    ]);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('reads a spreadsheet row (tab-separated cells) under a header with a note', () => {
    const text = '序号\t户主姓名\t家庭住址（村组）\t致贫原因（主要）\n1\t赵某某\t某某村三组7号\t因病';
    expect(found(text)).toEqual([
      ['address', '某某村三组7号'],
      ['health', '因病'],
    ]);
  });

  it('flags an 地址 column only in a list of people (姓名)', () => {
    expect(found('姓名\t地址\t备注\n赵某某\t某某村三组7号\t无')).toEqual([['address', '某某村三组7号']]);
    expect(found('单位名称\t地址\t电话\n区民政局\t华兴路6号\t0632-6611234')).toEqual([]);
  });

  it.each([
    '办公地址：台儿庄区兴中路8号',
    '地址：台儿庄区华兴路6号 区政务服务中心一楼大厅',
    '通讯地址：台儿庄区文化路12号 邮编：277400',
    '区市场监督管理局（地址：台儿庄区长安路88号，邮政编码277400）',
    '报名地点：区人社局三楼301室',
    '会议地点：区政府三楼会议室',
    '家住某某镇某某村',
    '由户籍地或经常居住地的乡镇人民政府受理',
    '住建局地址：华兴路5号',
    '现住房面积不足15平方米的家庭',
    '当事人：枣庄某某有限公司，住所：台儿庄区某某路5号',
    '居住地址变更后30日内到户籍地派出所办理',
    '申请人可到区政务服务中心（华兴路6号）办理',
    '住宿地址：某某宾馆3楼301室',
    '对住在3号楼的居民进行走访',
    '经营场所：台儿庄区运河街道某某路18号',
    '住院部位于3号楼5层',
  ])('does not flag %j', (input) => {
    expect(detect(input)).toEqual([]);
  });

  it.each([
    '家住某某村**组*号',
    '住址：某某路*号*单元***室',
    '住址：某某路５号＊单元＊＊＊室',
    '住址：XX镇XX村3组7号',
    '家住某某村某组某号',
    '住址：某某路5号×单元×××室',
    '家庭住址：某某村●组●号',
  ])('does not flag the masked address %j', (input) => {
    expect(detect(input)).toEqual([]);
  });
});
