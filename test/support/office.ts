/**
 * Office Open XML packages written by hand in the tests: a DOCX or XLSX of exactly the parts a
 * test names, in the markup Word and Excel write, zipped with fflate.
 */
import { strToU8, zipSync } from 'fflate';

export type Files = Record<string, string | Uint8Array>;

export function zip(files: Files): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [name, typeof data === 'string' ? strToU8(data) : data]),
    ),
  );
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml"';

/** `<w:p>` of runs of plain text. */
export const p = (...runs: string[]) => `<w:p>${runs.map((t) => (t.startsWith('<') ? t : run(t))).join('')}</w:p>`;
export const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
export const ins = (text: string) =>
  `<w:ins w:id="1" w:author="张三" w:date="2026-01-01T00:00:00Z">${run(text)}</w:ins>`;
export const del = (text: string) =>
  `<w:del w:id="2" w:author="张三" w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${text}</w:delText></w:r></w:del>`;
export const table = (rows: string[][]) =>
  `<w:tbl><w:tblPr/>${rows.map((cells) => `<w:tr>${cells.map((c) => `<w:tc>${p(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;
/** A text box as Word 2010+ writes it: DrawingML in mc:Choice, the same text again as VML in mc:Fallback. */
export const textBox = (text: string, fallback = text) =>
  `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>` +
  `<wps:wsp><wps:txbx><w:txbxContent>${p(text)}</w:txbxContent></wps:txbx></wps:wsp>` +
  `</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>` +
  `<w:txbxContent>${p(fallback)}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;

export interface DocxParts {
  /** The children of <w:body>. */
  readonly body: string;
  readonly headers?: readonly string[];
  readonly footers?: readonly string[];
  /** Paragraphs of footnote 1 / endnote 1 / comment 0. */
  readonly footnote?: string;
  readonly endnote?: string;
  readonly comment?: string;
  /** Children of cp:coreProperties and of Properties (app.xml). */
  readonly core?: string;
  readonly app?: string;
  /** Leave [Content_Types].xml out. */
  readonly noContentTypes?: boolean;
}

export function docxOf(parts: DocxParts): Uint8Array {
  const files: Files = {};
  const overrides: string[] = [];
  const rels: string[] = [];
  const add = (name: string, type: string, xml: string, rel?: string) => {
    files[name] = XML + xml;
    overrides.push(`<Override PartName="/${name}" ContentType="${type}"/>`);
    if (rel)
      rels.push(`<Relationship Id="rId${rels.length + 1}" Type="${rel}" Target="${name.replace('word/', '')}"/>`);
  };
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  add('word/document.xml', `${WML}.document.main+xml`, `<w:document ${NS}><w:body>${parts.body}</w:body></w:document>`);
  parts.headers?.forEach((xml, i) => {
    add(`word/header${i + 1}.xml`, `${WML}.header+xml`, `<w:hdr ${NS}>${xml}</w:hdr>`, `${R}/header`);
  });
  parts.footers?.forEach((xml, i) => {
    add(`word/footer${i + 1}.xml`, `${WML}.footer+xml`, `<w:ftr ${NS}>${xml}</w:ftr>`, `${R}/footer`);
  });
  const separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>';
  if (parts.footnote !== undefined) {
    const xml = `<w:footnotes ${NS}>${separator}<w:footnote w:id="1">${parts.footnote}</w:footnote></w:footnotes>`;
    add('word/footnotes.xml', `${WML}.footnotes+xml`, xml, `${R}/footnotes`);
  }
  if (parts.endnote !== undefined) {
    const xml = `<w:endnotes ${NS}><w:endnote w:id="1">${parts.endnote}</w:endnote></w:endnotes>`;
    add('word/endnotes.xml', `${WML}.endnotes+xml`, xml, `${R}/endnotes`);
  }
  if (parts.comment !== undefined) {
    const xml = `<w:comments ${NS}><w:comment w:id="0" w:author="李四" w:initials="LS">${parts.comment}</w:comment></w:comments>`;
    add('word/comments.xml', `${WML}.comments+xml`, xml, `${R}/comments`);
  }
  add(
    'docProps/core.xml',
    'application/vnd.openxmlformats-package.core-properties+xml',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `${parts.core ?? ''}<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>` +
      '<cp:revision>3</cp:revision></cp:coreProperties>',
  );
  add(
    'docProps/app.xml',
    'application/vnd.openxmlformats-officedocument.extended-properties+xml',
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' +
      `<Application>Microsoft Office Word</Application><Pages>1</Pages>${parts.app ?? ''}</Properties>`,
  );
  files['word/_rels/document.xml.rels'] =
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
  files['_rels/.rels'] =
    `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/></Relationships>`;
  if (!parts.noContentTypes) {
    files['[Content_Types].xml'] =
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`;
  }
  return zip(files);
}
