/**
 * OFD packages (GB/T 33190-2016) built in the tests, in the structure the standard lays down:
 *
 *   OFD.xml                       ofd:OFD / DocBody / DocInfo, DocRoot → Doc_N/Document.xml
 *   Doc_N/Document.xml            CommonData (PageArea, PublicRes, DocumentRes, TemplatePage), Pages
 *   Doc_N/DocumentRes.xml         MultiMedias (images under Res/)
 *   Doc_N/PublicRes.xml           Fonts
 *   Doc_N/Pages/Page_K/Content.xml  Page / Template / Content / Layer / TextObject / TextCode …
 *   Doc_N/Tpls/Tpl_K/Content.xml  the same for a template page
 *   Doc_N/Annots/Annotations.xml  per page, the annotation file
 */
import { type Files, zip } from './office';

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';

/** What a page draws. */
export type Draw =
  /** Text at (x, y) mm, one TextCode with DeltaX per glyph. */
  | { readonly text: string; readonly x?: number; readonly y?: number; readonly size?: number }
  /** Each character in its own TextObject, as converters from PDF write them. */
  | { readonly glyphByGlyph: string; readonly x?: number; readonly y?: number }
  /** A text object with glyph indexes only (CGTransform) and no Unicode text. */
  | { readonly glyphs: number }
  | { readonly image: Uint8Array }
  | { readonly path: true };

export interface OfdPage {
  readonly draw: readonly Draw[];
  /** Index into the document's templates. */
  readonly template?: number;
  /** Text of an annotation on the page. */
  readonly annotation?: string;
}

export interface OfdDocument {
  readonly pages: readonly OfdPage[];
  readonly templates?: ReadonlyArray<readonly Draw[]>;
}

export interface Ofd {
  readonly documents: readonly OfdDocument[];
  readonly author?: string;
}

let ids = 0;

function objects(draw: readonly Draw[], images: Map<Uint8Array, number>): string {
  let y = 20;
  return draw
    .map((d) => {
      const id = ++ids;
      if ('text' in d) {
        const size = d.size ?? 3.5;
        const x = d.x ?? 20;
        y = d.y ?? y + 10;
        const deltas = [...d.text].slice(1).map(() => size);
        return (
          `<ofd:TextObject ID="${id}" Boundary="${x} ${y} 170 ${size * 1.5}" Font="1" Size="${size}">` +
          `<ofd:TextCode X="0" Y="${size}" DeltaX="${deltas.length > 1 ? `g ${deltas.length} ${size}` : deltas.join(' ')}">` +
          `${xmlText(d.text)}</ofd:TextCode></ofd:TextObject>`
        );
      }
      if ('glyphByGlyph' in d) {
        const x = d.x ?? 20;
        y = d.y ?? y + 10;
        return [...d.glyphByGlyph]
          .map(
            (char, i) =>
              `<ofd:TextObject ID="${id}${i}" Boundary="${x + i * 3.5} ${y} 3.5 5" Font="1" Size="3.5">` +
              `<ofd:TextCode X="0" Y="3.5">${xmlText(char)}</ofd:TextCode></ofd:TextObject>`,
          )
          .join('');
      }
      if ('glyphs' in d) {
        const glyphs = Array.from({ length: d.glyphs }, (_, i) => 100 + i).join(' ');
        y += 10;
        return (
          `<ofd:TextObject ID="${id}" Boundary="20 ${y} 170 6" Font="1" Size="3.5">` +
          `<ofd:CGTransform CodePosition="0" CodeCount="${d.glyphs}" GlyphCount="${d.glyphs}"><ofd:Glyphs>${glyphs}</ofd:Glyphs></ofd:CGTransform>` +
          '<ofd:TextCode X="0" Y="3.5"></ofd:TextCode></ofd:TextObject>'
        );
      }
      if ('image' in d) {
        const resource = images.get(d.image) ?? 1000 + images.size;
        images.set(d.image, resource);
        return `<ofd:ImageObject ID="${id}" Boundary="0 0 210 297" CTM="210 0 0 297 0 0" ResourceID="${resource}"/>`;
      }
      return `<ofd:PathObject ID="${id}" Boundary="20 20 170 1"><ofd:AbbreviatedData>M 0 0 L 170 0</ofd:AbbreviatedData></ofd:PathObject>`;
    })
    .join('');
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function content(draw: readonly Draw[], images: Map<Uint8Array, number>, template?: number): string {
  return (
    `${XML}<ofd:Page ${NS}>${template === undefined ? '' : `<ofd:Template TemplateID="${900 + template}" ZOrder="Background"/>`}` +
    `<ofd:Content><ofd:Layer ID="${++ids}" Type="Body">${objects(draw, images)}</ofd:Layer></ofd:Content></ofd:Page>`
  );
}

export function ofdOf(ofd: Ofd): Uint8Array {
  const files: Files = {};
  const docBodies = ofd.documents.map((doc, d) => {
    const dir = `Doc_${d}`;
    const images = new Map<Uint8Array, number>();
    const templates = (doc.templates ?? []).map((draw, t) => {
      files[`${dir}/Tpls/Tpl_${t}/Content.xml`] = content(draw, images);
      return `<ofd:TemplatePage ID="${900 + t}" BaseLoc="Tpls/Tpl_${t}/Content.xml"/>`;
    });
    const annotations: string[] = [];
    const pages = doc.pages.map((page, n) => {
      files[`${dir}/Pages/Page_${n}/Content.xml`] = content(page.draw, images, page.template);
      if (page.annotation) {
        files[`${dir}/Annots/Page_${n}/Annotation.xml`] =
          `${XML}<ofd:PageAnnot ${NS}><ofd:Annot ID="${++ids}" Type="Stamp" Creator="张三" LastModDate="2026-01-01">` +
          `<ofd:Remark>${xmlText(page.annotation)}</ofd:Remark><ofd:Appearance Boundary="0 0 50 20"/></ofd:Annot></ofd:PageAnnot>`;
        annotations.push(
          `<ofd:Page PageID="${100 + n}"><ofd:FileLoc>Page_${n}/Annotation.xml</ofd:FileLoc></ofd:Page>`,
        );
      }
      return `<ofd:Page ID="${100 + n}" BaseLoc="Pages/Page_${n}/Content.xml"/>`;
    });
    const media = [...images].map(([bytes, id], i) => {
      files[`${dir}/Res/image_${i}.png`] = bytes;
      return `<ofd:MultiMedia ID="${id}" Type="Image" Format="PNG"><ofd:MediaFile>image_${i}.png</ofd:MediaFile></ofd:MultiMedia>`;
    });
    files[`${dir}/DocumentRes.xml`] =
      `${XML}<ofd:Res ${NS} BaseLoc="Res"><ofd:MultiMedias>${media.join('')}</ofd:MultiMedias></ofd:Res>`;
    files[`${dir}/PublicRes.xml`] =
      `${XML}<ofd:Res ${NS} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`;
    if (annotations.length > 0) {
      files[`${dir}/Annots/Annotations.xml`] = `${XML}<ofd:Annotations ${NS}>${annotations.join('')}</ofd:Annotations>`;
    }
    files[`${dir}/Document.xml`] =
      `${XML}<ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>${ids + 1}</ofd:MaxUnitID>` +
      '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>' +
      `<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>${templates.join('')}` +
      `</ofd:CommonData><ofd:Pages>${pages.join('')}</ofd:Pages>` +
      `${annotations.length > 0 ? '<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>' : ''}</ofd:Document>`;
    return (
      `<ofd:DocBody><ofd:DocInfo><ofd:DocID>${'0'.repeat(32)}</ofd:DocID><ofd:Title>关于公示的通知</ofd:Title>` +
      `${ofd.author ? `<ofd:Author>${xmlText(ofd.author)}</ofd:Author>` : ''}<ofd:CreationDate>2026-01-01</ofd:CreationDate>` +
      `</ofd:DocInfo><ofd:DocRoot>${dir}/Document.xml</ofd:DocRoot></ofd:DocBody>`
    );
  });
  files['OFD.xml'] = `${XML}<ofd:OFD ${NS} Version="1.0" DocType="OFD">${docBodies.join('')}</ofd:OFD>`;
  return zip(files);
}
