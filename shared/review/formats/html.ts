/**
 * HTML: the visible text ("body"), and what a browser does not show but the published file still
 * holds: the title and <meta> content ("document properties"), comments ("HTML comment") and
 * the text of alt/title/placeholder/value attributes ("attribute").
 */
import type { Extraction, TextPart } from '../extraction';
import { finish } from './common';

// The readers load when a file of their format comes: a command that never reads HTML does not pay.
const loadHtmlToText = () => import('html-to-text');
const loadHtmlParser = () => import('htmlparser2');

export async function fromHtml(html: string): Promise<Extraction> {
  const parts: TextPart[] = [{ location: 'body', text: await visibleText(html) }];
  parts.push(...(await hiddenParts(html)));
  return finish(parts, 'html', { empty: 'HTML has no visible text' });
}

async function visibleText(html: string): Promise<string> {
  const { convert: htmlToText } = await loadHtmlToText();
  const keepCase = { options: { uppercase: false } };
  return htmlToText(html, {
    // No wrapping: a line break inserted inside "3701 0219 …" would split the number.
    wordwrap: false,
    // The default limit truncates silently, and an unscanned tail is unreviewed content.
    limits: { maxInputLength: Number.POSITIVE_INFINITY },
    selectors: [
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, ...keepCase })),
      // The default table format runs cells together ("1" + "3704…" = one 19-digit run); the data
      // layout keeps a row on one line with ≥3 spaces between cells, which ends a number.
      {
        selector: 'table',
        format: 'dataTable',
        options: { uppercaseHeaderCells: false, maxColumnWidth: Number.MAX_SAFE_INTEGER },
      },
    ],
  });
}

const TEXT_ATTRIBUTES = ['alt', 'title', 'placeholder', 'value', 'aria-label'];

async function hiddenParts(html: string): Promise<TextPart[]> {
  const { Parser } = await loadHtmlParser();
  const properties: string[] = [];
  const comments: string[] = [];
  const attributes: string[] = [];
  let inTitle = false;
  let title = '';
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'title') inTitle = true;
        if (name === 'meta' && attribs.content) {
          const key = attribs.name ?? attribs.property ?? attribs['http-equiv'] ?? 'meta';
          properties.push(`${key}: ${attribs.content}`);
        }
        for (const attribute of TEXT_ATTRIBUTES) {
          const value = attribs[attribute];
          if (value?.trim()) attributes.push(value);
        }
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
      },
      oncomment(text) {
        if (text.trim()) comments.push(text.trim());
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (title.trim()) properties.unshift(`title: ${title.trim()}`);
  return [
    { location: 'document properties', text: properties.join('\n') },
    ...comments.map((text) => ({ location: 'HTML comment', text })),
    { location: 'attribute', text: attributes.join('\n') },
  ];
}
