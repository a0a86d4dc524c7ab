/**
 * DOCX (ECMA-376 WordprocessingML), every part: the body, its tables, headers, footers,
 * footnotes, endnotes, comments, text boxes (w:txbxContent), hidden text (w:vanish), tracked
 * insertions (w:ins) and deletions (w:del / w:delText), the glossary (building blocks) and the
 * document properties. Read on the bounded ZIP reader with the streaming XML parser (./xml.ts).
 *
 * A paragraph with tracked changes is read twice: as it reads now (insertions in, deletions
 * out) in its own part, and as it read before (deletions in, insertions out) in a "tracked
 * deletion" part, so a number that was half deleted ("138<del>1234</del><ins>****</ins>5678") is
 * whole again there. Only what touches a deleted run is that part's finding.
 */
import type { Extraction, PartSpan, TextPart } from '../extraction';
import { failure, finish, TextBudget } from './common';
import { contentTypes, documentProperties } from './ooxml';
import { type Mark, Paragraph, within } from './revisions';
import { attribute, XmlPackage as Package, type XmlPackage } from './xml';

const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml.';

/** Content type (after WML) → where its text is. */
const STORIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^document\.main\+xml$|^template\.main\+xml$/, 'body'],
  [/^header\+xml$/, 'header'],
  [/^footer\+xml$/, 'footer'],
  [/^footnotes\+xml$/, 'footnote'],
  [/^endnotes\+xml$/, 'endnote'],
  [/^comments\+xml$/, 'comment'],
  [/^document\.glossary\+xml$/, 'glossary'],
];
const MACRO_MAIN = /^application\/vnd\.ms-word\.(?:document|template)\.macroenabled(?:\.main)?\+xml$/;
const ORDER = ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'glossary'];

/** Without [Content_Types].xml, the parts at the names Word gives them. */
const USUAL: ReadonlyArray<readonly [RegExp, string]> = [
  [/^word\/document\.xml$/, 'body'],
  [/^word\/header\d*\.xml$/, 'header'],
  [/^word\/footer\d*\.xml$/, 'footer'],
  [/^word\/footnotes\.xml$/, 'footnote'],
  [/^word\/endnotes\.xml$/, 'endnote'],
  [/^word\/comments\.xml$/, 'comment'],
  [/^word\/glossary\/document\.xml$/, 'glossary'],
];

export async function fromDocx(bytes: Uint8Array): Promise<Extraction> {
  let parts: TextPart[];
  try {
    parts = readDocx(new Package(bytes, 'DOCX'));
  } catch (error) {
    return failure(error, 'DOCX is corrupt or unreadable');
  }
  return finish(parts, 'docx', { empty: 'DOCX has no text (images only?)' });
}

function readDocx(pkg: XmlPackage): TextPart[] {
  const types = contentTypes(pkg);
  const stories: Array<{ part: string; story: string }> = [];
  for (const [part, type] of types) {
    const story = MACRO_MAIN.test(type)
      ? 'body'
      : type.startsWith(WML)
        ? STORIES.find(([pattern]) => pattern.test(type.slice(WML.length)))?.[1]
        : undefined;
    if (story && pkg.has(part)) stories.push({ part, story });
  }
  if (!stories.some((s) => s.story === 'body')) {
    // No (usable) content types: Word's names. A DOCX without them is still a DOCX to a reader.
    for (const part of pkg.names()) {
      const story = USUAL.find(([pattern]) => pattern.test(part))?.[1];
      if (story && !stories.some((s) => s.part === part)) stories.push({ part, story });
    }
  }
  if (!stories.some((s) => s.story === 'body')) throw new Error('no main document part');
  stories.sort(
    (a, b) => ORDER.indexOf(a.story) - ORDER.indexOf(b.story) || a.part.localeCompare(b.part, 'en', { numeric: true }),
  );
  const budget = new TextBudget('docx');
  const parts: TextPart[] = [];
  for (const { part, story } of stories) parts.push(...readStory(pkg, part, story, budget));
  parts.push(...documentProperties(pkg, types));
  return parts;
}

/** Where text goes: the story itself or a text box in it, each building its parts. */
class Frame {
  private location = '';
  private text = '';
  private spans: PartSpan[] = [];
  /** The paragraphs of this part as they read before their tracked changes: after it, in order. */
  private deletions: TextPart[] = [];
  tables = 0;
  paragraph: Paragraph | undefined;

  constructor(
    readonly base: string,
    private readonly out: TextPart[],
    private readonly budget: TextBudget,
  ) {}

  private where(): string {
    return this.tables > 0 && this.base === 'body' ? 'table' : this.base;
  }

  endParagraph(): void {
    const p = this.paragraph;
    this.paragraph = undefined;
    if (!p) return;
    const location = this.where();
    if (location !== this.location) this.flush(location);
    const offset = this.text.length;
    for (const span of p.nowSpans) {
      const kind = span.mark === 'inserted' ? 'tracked insertion' : 'hidden text';
      this.spans.push({ start: offset + span.start, end: offset + span.end, location: within(this.base, kind) });
    }
    this.text += `${p.now}\n`;
    this.budget.add(p.now.length + 1);
    if (p.deleted) {
      const deleted = within(this.base, 'tracked deletion');
      this.deletions.push({
        location: deleted,
        text: p.before,
        spans: p.beforeSpans.map((s) => ({ ...s, location: deleted })),
        spansOnly: true,
      });
      this.budget.add(p.before.length + 2);
    }
  }

  /** A table cell ends: its cells stay on one line, a tab apart (a tab ends any number). */
  endCell(): void {
    this.endParagraph();
    if (this.text.endsWith('\n')) this.text = `${this.text.slice(0, -1)}\t`;
  }

  endRow(): void {
    this.endParagraph();
    if (this.text.endsWith('\t')) this.text = `${this.text.slice(0, -1)}\n`;
  }

  flush(next = ''): void {
    if (this.text.trim() !== '') {
      this.out.push({
        location: this.location,
        text: this.text.replace(/\s+$/, ''),
        ...(this.spans.length > 0 ? { spans: this.spans } : {}),
      });
    }
    this.out.push(...this.deletions);
    this.location = next;
    this.text = '';
    this.spans = [];
    this.deletions = [];
  }
}

/** Characters an element stands for. */
const CHARACTERS: Readonly<Record<string, string>> = {
  tab: '\t',
  ptab: '\t',
  br: '\n',
  cr: '\n',
  noBreakHyphen: '-',
  softHyphen: '\u00ad',
};

function readStory(pkg: XmlPackage, part: string, story: string, budget: TextBudget): TextPart[] {
  const parts: TextPart[] = [];
  // Parts are written to the top of `outs`: a Fallback's text boxes go to their own list first.
  const outs: TextPart[][] = [parts];
  const frames: Frame[] = [new Frame(story, parts, budget)];
  const frame = () => frames[frames.length - 1] as Frame;
  const alternates: Array<{ choice: TextPart[]; fallback: TextPart[] }> = [];
  let inserted = 0;
  let deleted = 0;
  let textDepth = 0;
  let deletedText = false;
  let runDepth = 0;
  let runHidden = false;
  let propertiesDepth = 0;
  /** Inside an mc:Fallback outside any text box of its own: its text repeats the mc:Choice. */
  let fallbackDepth = 0;
  const savedFallback: number[] = [];

  const add = (text: string) => {
    if (fallbackDepth > 0) return;
    const f = frame();
    f.paragraph ??= new Paragraph();
    const mark: Mark =
      deleted > 0 || deletedText ? 'deleted' : inserted > 0 ? 'inserted' : runHidden ? 'hidden' : 'normal';
    f.paragraph.add(text, mark);
  };

  pkg.parse(part, {
    open(name, attributes) {
      switch (name) {
        case 'p':
          frame().endParagraph();
          frame().paragraph = new Paragraph();
          break;
        case 'tbl':
          frame().endParagraph();
          frame().tables++;
          break;
        case 'ins':
        case 'moveTo':
          if (propertiesDepth === 0) inserted++;
          break;
        case 'del':
        case 'moveFrom':
          if (propertiesDepth === 0) deleted++;
          break;
        case 't':
          textDepth++;
          break;
        case 'delText':
          textDepth++;
          deletedText = true;
          break;
        case 'r':
          runDepth++;
          runHidden = false;
          break;
        case 'rPr':
        case 'pPr':
          propertiesDepth++;
          break;
        case 'vanish':
          if (runDepth > 0 && propertiesDepth > 0 && !/^(?:0|false|off)$/.test(attribute(attributes, 'val') ?? '')) {
            runHidden = true;
          }
          break;
        case 'txbxContent':
          frames.push(new Frame(within(story, 'text box'), outs[outs.length - 1] as TextPart[], budget));
          savedFallback.push(fallbackDepth);
          fallbackDepth = 0;
          break;
        case 'AlternateContent':
          alternates.push({ choice: [], fallback: [] });
          break;
        case 'Choice':
        case 'Fallback':
          outs.push([]);
          if (name === 'Fallback') fallbackDepth++;
          break;
        default: {
          const char = CHARACTERS[name];
          if (char !== undefined && runDepth > 0 && propertiesDepth === 0 && textDepth === 0) add(char);
        }
      }
    },
    text(text) {
      if (textDepth > 0) add(text);
    },
    close(name) {
      switch (name) {
        case 'p':
          frame().endParagraph();
          break;
        case 'tc':
          frame().endCell();
          break;
        case 'tr':
          frame().endRow();
          break;
        case 'tbl':
          frame().endParagraph();
          frame().tables = Math.max(0, frame().tables - 1);
          break;
        case 'ins':
        case 'moveTo':
          if (propertiesDepth === 0) inserted = Math.max(0, inserted - 1);
          break;
        case 'del':
        case 'moveFrom':
          if (propertiesDepth === 0) deleted = Math.max(0, deleted - 1);
          break;
        case 'r':
          runDepth = Math.max(0, runDepth - 1);
          runHidden = false;
          break;
        case 't':
          textDepth = Math.max(0, textDepth - 1);
          break;
        case 'delText':
          textDepth = Math.max(0, textDepth - 1);
          deletedText = false;
          break;
        case 'rPr':
        case 'pPr':
          propertiesDepth = Math.max(0, propertiesDepth - 1);
          break;
        case 'txbxContent':
          if (frames.length > 1) {
            const done = frames.pop() as Frame;
            done.endParagraph();
            done.flush();
            fallbackDepth = savedFallback.pop() ?? 0;
          }
          break;
        case 'Choice':
        case 'Fallback': {
          const list = outs.length > 1 ? (outs.pop() as TextPart[]) : [];
          const alternate = alternates[alternates.length - 1];
          if (name === 'Fallback') fallbackDepth = Math.max(0, fallbackDepth - 1);
          if (alternate) (name === 'Choice' ? alternate.choice : alternate.fallback).push(...list);
          else (outs[outs.length - 1] as TextPart[]).push(...list);
          break;
        }
        case 'AlternateContent': {
          const alternate = alternates.pop();
          if (!alternate) break;
          const out = outs[outs.length - 1] as TextPart[];
          const { choice, fallback } = alternate;
          out.push(...choice);
          // Word writes a text box twice (DrawingML and VML); another reader may show either.
          if (squeeze(fallback) !== squeeze(choice)) out.push(...fallback);
          break;
        }
      }
    },
  });
  for (let i = frames.length - 1; i >= 0; i--) {
    frames[i]?.endParagraph();
    frames[i]?.flush();
  }
  return parts;
}

function squeeze(parts: readonly TextPart[]): string {
  return parts
    .filter((part) => !part.spansOnly)
    .map((part) => part.text)
    .join('')
    .replace(/\s+/g, '');
}
