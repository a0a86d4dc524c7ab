/**
 * Writes the binary documents of the review corpus (test/fixtures/review/corpus, files 33 on):
 * HTML, DOCX, XLSX, OFD, DOC, PDF with a text layer, and scans (image-only PDF, PNG, JPEG, an OFD
 * page drawn as an image), as a district's agencies publish them. What each should be found to
 * contain is written by hand in expected.json, not here. Run after changing a document:
 *
 *   npx tsx test/support/generate-review-corpus.ts
 *
 * PDFs with text are printed by Chromium (/usr/bin/chromium) from HTML, as "print to PDF" makes
 * them (CJK fonts embedded with their Unicode map); scans are drawn with Noto CJK
 * (test/unit/review/ocr-scans.ts). Sizes stay small: scans at about 150 dpi, few lines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { renderScan, renderTable, scanPdf } from '../unit/review/ocr-scans';
import { docOf } from './doc';
import { ofdOf } from './ofd';
import { del, docxOf, p, table, textBox } from './office';

const DIR = join(import.meta.dirname, '../fixtures/review/corpus');

type Maker = () => Uint8Array | Promise<Uint8Array>;

const html = (title: string, body: string, head = '') =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>${head}` +
  `<style>body{font-family:"Noto Serif CJK SC",serif;font-size:14pt;margin:2cm}table{border-collapse:collapse}` +
  `td,th{border:1px solid #000;padding:2pt 6pt}</style></head><body>${body}</body></html>`;

async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '某某镇民政办';
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const SCAN = { width: 1400, fontSize: 36 } as const;

const HTML: Record<string, string> = {
  '33_penalty_decision_person.html': html(
    '行政处罚决定书',
    '<h1>台儿庄区市场监督管理局行政处罚决定书</h1><p>台市监处罚〔2026〕18号</p>' +
      '<p>当事人：王某某，男，1980年3月出生，公民身份号码370405198003121232，住台儿庄区某某镇某某村三组7号。</p>' +
      '<p>经查，当事人于2026年5月在其经营场所销售过期食品，违反了《中华人民共和国食品安全法》第三十四条的规定。</p>' +
      '<p>决定：没收违法所得1200元，并处罚款5000元。</p><!-- 承办人核对：当事人联系电话13905321234 -->' +
      '<p>台儿庄区市场监督管理局<br>2026年6月3日</p>',
  ),
  '34_meeting_notice.html': html(
    '关于召开全区安全生产工作会议的通知',
    '<h1>关于召开全区安全生产工作会议的通知</h1><p>各镇（街道）、区直各部门：</p>' +
      '<p>定于2026年7月8日上午9时在区政府三楼会议室召开全区安全生产工作会议。</p>' +
      '<p>会议地址：台儿庄区政务服务中心（台儿庄区华兴路8号，邮编277400）。</p>' +
      '<p>联系电话：0632-6611234。</p><p>台儿庄区人民政府办公室<br>2026年7月1日</p>',
  ),
  '35_temporary_aid_masked.html': html(
    '临时救助对象公示',
    '<h1>2026年第二季度临时救助对象公示</h1><table><tr><th>序号</th><th>姓名</th><th>身份证号</th><th>联系电话</th><th>救助金额（元）</th></tr>' +
      '<tr><td>1</td><td>张某某</td><td>370405********1232</td><td>139****2345</td><td>2000</td></tr>' +
      '<tr><td>2</td><td>李某某</td><td>370404********2025</td><td>158****6789</td><td>1500</td></tr>' +
      '<tr><td>3</td><td>刘某某</td><td>370406********3013</td><td>137****1122</td><td>3000</td></tr></table>' +
      '<p>公示期7天，监督电话0632-6611234。</p>',
  ),
  '36_recruitment_results.html': html(
    '拟聘用人员公示',
    '<h1>台儿庄区2026年公开招聘教师拟聘用人员公示</h1><table><tr><th>准考证号</th><th>姓名</th><th>岗位</th><th>总成绩</th></tr>' +
      '<tr><td>2026010311</td><td>赵某</td><td>小学语文</td><td>82.35</td></tr>' +
      '<tr><td>2026010327</td><td>孙某某</td><td>初中数学</td><td>79.10</td></tr></table>' +
      '<p><img src="photo.jpg" alt="孙某某 身份证 370403196508224040"></p><p>公示期：2026年8月1日至8月7日。</p>',
  ),
};

const DOCX: Record<string, Maker> = {
  '37_subsidy_notice_footer_id.docx': () =>
    docxOf({
      body:
        p('关于发放2026年度高龄津贴的通知') +
        p('各村（居）委会：经审核，本季度共有85名80周岁以上老年人符合高龄津贴发放条件，津贴已于6月底前发放到位。') +
        p('某某镇人民政府'),
      footers: [p('经办人：张某  身份证号 370404197511052025  第 1 页')],
    }),
  '38_reply_tracked_deletion.docx': () =>
    docxOf({
      body:
        p('政府信息公开申请答复书') +
        p('申请人：刘某某', del('（联系电话13805321234）')) +
        p('你于2026年4月2日提出的政府信息公开申请收悉。经查，你申请的信息属于主动公开范围，可在区政府门户网站查询。') +
        p('台儿庄区人民政府办公室'),
    }),
  '39_disability_subsidy_comment.docx': () =>
    docxOf({
      body:
        p('2026年困难残疾人生活补贴发放名单') +
        table([
          ['序号', '姓名', '补贴金额（元）'],
          ['1', '周某某', '900'],
          ['2', '吴某某', '900'],
        ]),
      comment: p('核实意见：周某某户主患尿毒症，长期透析，建议列入重点帮扶。'),
    }),
  '40_dibao_roster_table.docx': () =>
    docxOf({
      body:
        p('某某镇2026年第二季度农村低保对象名单') +
        table([
          ['序号', '户主姓名', '身份证号', '家庭住址', '保障人口'],
          ['1', '郑某某', '370406199204173013', '某某村三组7号', '3'],
          ['2', '冯某某', '370405198811305056', '某某村五组12号', '2'],
        ]) +
        p('公示期：2026年6月10日至6月17日。'),
    }),
  '41_dibao_roster_masked.docx': () =>
    docxOf({
      body:
        p('某某镇2026年第二季度农村低保对象名单') +
        table([
          ['序号', '户主姓名', '身份证号', '家庭住址', '保障人口'],
          ['1', '郑某某', '370406********3013', '某某村某组某号', '3'],
          ['2', '冯某某', '370405********5056', '某某村**组*号', '2'],
        ]) +
        p('公示期：2026年6月10日至6月17日。'),
    }),
  '42_draft_header_marking.docx': () =>
    docxOf({
      body:
        p('关于做好2026年防汛抗旱工作的通知') +
        p('各镇（街道）：为做好今年防汛抗旱工作，现就有关事项通知如下。') +
        p('一、落实防汛责任制，二、加强隐患排查，三、做好物资储备。'),
      headers: [p('机密★1年')],
      core: '<dc:creator>区应急管理局</dc:creator><cp:lastModifiedBy>区应急管理局办公室</cp:lastModifiedBy>',
    }),
  '43_delegation_textbox_passport.docx': () =>
    docxOf({
      body:
        p('关于组织企业赴泰国参加东盟博览会的通知') +
        p('经研究，区商务局组织辖区3家外贸企业赴泰国参展，出访人员情况见附表。') +
        p(textBox('出访人员：陈某某  护照号码 E58231946；杨某某  护照号码 EB1234567')) +
        p('台儿庄区商务局'),
    }),
};

const XLSX: Record<string, Maker> = {
  '44_dibao_hidden_column.xlsx': () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('低保名单');
      ws.addRow(['序号', '姓名', '身份证号（公示）', '保障金额', '身份证号']);
      ws.addRow([1, '何某某', '370481********6065', 620, '370481197010096065']);
      ws.addRow([2, '吕某某', '370402********7073', 480, '370402195802147073']);
      ws.getColumn(5).hidden = true;
    }),
  '45_payment_hidden_sheet_bank.xlsx': () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('发放表');
      ws.addRow(['序号', '姓名', '发放金额（元）']);
      ws.addRow([1, '施某某', 1200]);
      ws.addRow([2, '张某某', 800]);
      const bank = wb.addWorksheet('代发账户', { state: 'hidden' });
      bank.addRow(['姓名', '社保卡银行账号']);
      bank.addRow(['施某某', '6228480012345678903']);
      bank.addRow(['张某某', '6217001234567890122']);
    }),
  '46_statistics.xlsx': () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('主要指标');
      ws.addRow(['指标', '2025年', '2026年上半年', '同比增长（%）']);
      ws.addRow(['地区生产总值（亿元）', 312.5, 160.2, 5.6]);
      ws.addRow(['一般公共预算收入（万元）', 185023, 98345, 3.2]);
      ws.addRow(['常住人口（人）', 308512, 309104, 0.2]);
      ws.addRow(['统计用区划代码', '370405100000', '370405101000', '']);
    }),
  '47_temporary_aid_note_mobile.xlsx': () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('临时救助');
      ws.addRow(['序号', '姓名', '救助事由', '金额']);
      ws.addRow([1, '沈某某', '火灾致困', 5000]);
      ws.getCell('B2').note = '本人电话15866321234，已电话回访';
    }),
  '48_subsidy_masked.xlsx': () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('耕地地力保护补贴');
      ws.addRow(['序号', '户主', '身份证号', '一卡通账号', '面积（亩）', '金额（元）']);
      ws.addRow([1, '韩某某', '370405********3131', '6228********8903', 5.2, 624]);
      ws.addRow([2, '杨某某', '370405********4148', '6217********0122', 3.8, 456]);
    }),
  '49_disability_list_health_address.xlsx': () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('残疾人名单');
      ws.addRow(['序号', '姓名', '残疾类别及等级', '家庭住址']);
      ws.addRow([1, '朱某某', '肢体残疾三级', '某某村五组12号']);
      ws.addRow([2, '秦某某', '精神残疾二级', '某某小区3号楼2单元501室']);
    }),
};

const OFD: Record<string, Maker> = {
  '50_policy_notice.ofd': () =>
    ofdOf({
      documents: [
        {
          pages: [
            {
              draw: [
                { text: '台儿庄区人民政府关于印发促进民营经济发展若干措施的通知' },
                { text: '各镇人民政府、街道办事处，区政府各部门：' },
                { text: '现将《促进民营经济发展若干措施》印发给你们，请认真贯彻执行。' },
              ],
            },
          ],
        },
      ],
    }),
  '51_penalty_decision.ofd': () =>
    ofdOf({
      documents: [
        {
          pages: [
            {
              draw: [
                { text: '行政处罚决定书' },
                { text: '当事人：韩某某，公民身份号码370405198309093131' },
                { text: '住址：台儿庄区运河街道某某路5号2单元101室' },
              ],
            },
            { draw: [{ text: '决定给予警告，并处罚款2000元。' }] },
          ],
        },
      ],
    }),
  '52_dibao_annotation.ofd': () =>
    ofdOf({
      author: '某某街道社会事务办',
      documents: [
        {
          templates: [[{ text: '某某街道城市低保公示' }]],
          pages: [
            {
              template: 0,
              draw: [{ text: '杨某某 保障人口2人 月保障金980元' }],
              annotation: '复核：杨某某身份证370405197001014148',
            },
          ],
        },
      ],
    }),
  '53_scan_aid_approval.ofd': () =>
    ofdOf({
      documents: [
        {
          pages: [
            {
              draw: [
                {
                  image: renderScan(['临时救助审批表', '申请人孙某 身份证号 370404199010105159'], {
                    ...SCAN,
                    format: 'png',
                  }),
                },
              ],
            },
          ],
        },
      ],
    }),
};

const DOC: Record<string, Maker> = {
  '54_reply_applicant.doc': () =>
    docOf({
      body:
        '政府信息公开申请答复书\r申请人：钱某某，身份证号370403199206142123，联系电话18653201234。\r' +
        '你申请公开的某某路拓宽工程征收补偿方案，经查属于主动公开信息，现予提供。\r',
      author: '区住建局',
    }),
  '55_meeting_minutes.doc': () =>
    docOf({
      body:
        '区政府第12次常务会议纪要\r会议研究了2026年城乡居民医疗保险缴费标准，同意按每人每年380元执行。\r' +
        '会议要求各镇（街道）于9月底前完成征缴工作。\r',
      header: '台儿庄区人民政府办公室',
      author: '区政府办公室',
    }),
  '56_subsidy_deleted_id.doc': () =>
    docOf({
      body: '关于发放退役军人慰问金的通知\r慰问对象：孔某某[[（身份证号370406197707300118）]]，慰问金1000元。\r',
      header: '联系人：王某 电话15005321122',
    }),
};

const PDF: Record<string, string> = {
  '57_department_budget.pdf': html(
    '2026年部门预算',
    '<h1>台儿庄区教育和体育局2026年部门预算公开</h1><p>收入预算总计45,231.6万元，其中一般公共预算拨款43,980.2万元。</p>' +
      '<table><tr><th>功能分类科目编码</th><th>科目名称</th><th>金额（万元）</th></tr>' +
      '<tr><td>2050201</td><td>学前教育</td><td>3,215.4</td></tr><tr><td>2050202</td><td>小学教育</td><td>18,402.7</td></tr>' +
      '<tr><td>2050203</td><td>初中教育</td><td>12,631.9</td></tr></table><p>项目代码：2026-370405-83-01-012345</p>',
  ),
  '58_farm_subsidy_bank.pdf': html(
    '惠农补贴发放明细',
    '<h1>某某镇2026年惠农补贴发放明细</h1><table><tr><th>姓名</th><th>身份证号</th><th>银行卡号</th><th>金额</th></tr>' +
      '<tr><td>许某某</td><td>370405199912018085</td><td>6222021234567890128</td><td>624.00</td></tr>' +
      '<tr><td>曹某某</td><td>37040419851225909X</td><td>9558801234567890128</td><td>456.00</td></tr></table>',
  ),
  '59_project_codes.pdf': html(
    '重点项目清单',
    '<h1>2026年区级重点项目清单</h1><table><tr><th>项目名称</th><th>项目代码</th><th>总投资（万元）</th></tr>' +
      '<tr><td>运河湿地保护提升工程</td><td>370405202600123456</td><td>12000</td></tr>' +
      '<tr><td>农村供水管网改造</td><td>370405202600234567</td><td>8600</td></tr></table>' +
      '<p>咨询电话：0632-6612345（工作日）</p>',
  ),
  '60_exchange_passports.pdf': html(
    '因公出国（境）人员公示',
    '<h1>因公临时出国（境）人员公示</h1><table><tr><th>姓名</th><th>职务</th><th>护照号码</th><th>出访国家</th></tr>' +
      '<tr><td>陈某</td><td>副局长</td><td>SE1234567</td><td>德国</td></tr>' +
      '<tr><td>林某某</td><td>科长</td><td>PE7654321</td><td>德国</td></tr></table><p>公示期5个工作日。</p>',
  ),
};

const SCANS: Record<string, Maker> = {
  '61_scan_dibao_application.pdf': async () =>
    scanPdf(
      [
        renderScan(['最低生活保障申请审批表', '申请人赵某某 身份证号 370405197001014148', '家住某某镇某某村三组7号'], {
          ...SCAN,
          format: 'jpeg',
        }),
      ],
      { dpi: 150 },
    ),
  '62_scan_signed_notice.pdf': async () =>
    scanPdf(
      [renderScan(['关于开展秋季森林防火检查的通知', '各镇街道：请于10月底前完成自查。'], { ...SCAN, format: 'jpeg' })],
      { dpi: 150 },
    ),
  '63_scan_photo_receipt.jpg': () =>
    renderScan(['慰问金领取登记', '领取人周某 联系电话 13905321234'], { ...SCAN, format: 'jpeg', noise: 300 }),
  '65_scan_dibao_roster_ruled.pdf': async () =>
    scanPdf(
      [
        renderTable(
          [
            ['序号', '户主姓名', '身份证号', '家庭住址', '致贫原因'],
            ['1', '赵某某', '370405198811305056', '某某村三组7号', '患白血病'],
            ['2', '钱某某', '370481197010096065', '某某村五组12号', '缺劳动力'],
            ['3', '孙某某', '370402195802147073', '某某村二组3号', '肢体残疾三级'],
          ],
          { title: '某某镇2026年农村低保对象公示名单', format: 'jpeg' },
        ),
      ],
      { dpi: 150 },
    ),
  '64_scan_medical_aid.png': () =>
    renderScan(['医疗救助申请', '申请人李某某 身份证号 370405198003121232', '户主李某某患白血病'], {
      ...SCAN,
      format: 'png',
    }),
};

async function main(): Promise<void> {
  const written: Array<[string, number]> = [];
  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(DIR, name), bytes);
    written.push([name, bytes.length]);
  };
  for (const [name, text] of Object.entries(HTML)) write(name, new TextEncoder().encode(text));
  for (const [name, make] of Object.entries({ ...DOCX, ...XLSX, ...OFD, ...DOC, ...SCANS })) write(name, await make());
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    for (const [name, markup] of Object.entries(PDF)) {
      await page.setContent(markup);
      write(name, new Uint8Array(await page.pdf({ format: 'A4' })));
    }
  } finally {
    await browser.close();
  }
  for (const [name, size] of written) console.log(`${name}\t${(size / 1024).toFixed(1)} KB`);
}

await main();
