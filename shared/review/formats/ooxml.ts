/** What DOCX and XLSX share (Office Open XML, ECMA-376 part 2): content types and document properties. */
import type { TextPart } from '../extraction';
import { attribute, type XmlPackage } from './xml';

/** Part name → content type, from [Content_Types].xml (overrides only; defaults are by extension). */
export function contentTypes(pkg: XmlPackage): Map<string, string> {
  const types = new Map<string, string>();
  if (!pkg.has('[Content_Types].xml')) return types;
  pkg.parse('[Content_Types].xml', {
    open(name, attributes) {
      if (name !== 'Override') return;
      const part = attribute(attributes, 'PartName');
      const type = attribute(attributes, 'ContentType');
      if (part && type) types.set(part.replace(/^\//, ''), type.toLowerCase());
    },
  });
  return types;
}

const CORE = 'application/vnd.openxmlformats-package.core-properties+xml';
const APP = 'application/vnd.openxmlformats-officedocument.extended-properties+xml';
const CUSTOM = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';

/** docProps/core.xml fields that are not typed in: dates, counters, a language code. */
const CORE_SKIP = new Set(['created', 'modified', 'lastPrinted', 'revision', 'version', 'language']);
/** docProps/app.xml fields people type in (the rest are counts and the application's name). */
const APP_FIELDS = new Set(['Company', 'Manager', 'HyperlinkBase']);

/**
 * "document properties": docProps/core.xml (title, subject, dc:creator, keywords, description,
 * cp:lastModifiedBy, category …), Company and Manager in docProps/app.xml, and every custom
 * property, one "name: value" a line. Found by content type, else at their usual names.
 */
export function documentProperties(pkg: XmlPackage, types: ReadonlyMap<string, string>): TextPart[] {
  const byType = (type: string, usual: string) => {
    const named = [...types].filter(([, t]) => t === type).map(([part]) => part);
    return named.length > 0 ? named.filter((part) => pkg.has(part)) : pkg.has(usual) ? [usual] : [];
  };
  const lines: string[] = [];
  const collect = (part: string, keep: (field: string) => boolean) => {
    let depth = 0;
    let field = '';
    let value = '';
    pkg.parse(part, {
      open(name) {
        depth++;
        if (depth === 2) {
          field = name;
          value = '';
        }
      },
      text(text) {
        if (depth >= 2) value += text;
      },
      close() {
        if (depth === 2 && value.trim() && keep(field)) lines.push(`${field}: ${value.trim()}`);
        depth--;
      },
    });
  };
  for (const part of byType(CORE, 'docProps/core.xml')) collect(part, (field) => !CORE_SKIP.has(field));
  for (const part of byType(APP, 'docProps/app.xml')) collect(part, (field) => APP_FIELDS.has(field));
  for (const part of byType(CUSTOM, 'docProps/custom.xml')) {
    let depth = 0;
    let property = '';
    let value = '';
    pkg.parse(part, {
      open(name, attributes) {
        depth++;
        if (depth === 2) {
          property = attribute(attributes, 'name') ?? name;
          value = '';
        }
      },
      text(text) {
        if (depth >= 3) value += text;
      },
      close() {
        if (depth === 2 && value.trim()) lines.push(`${property}: ${value.trim()}`);
        depth--;
      },
    });
  }
  return lines.length > 0 ? [{ location: 'document properties', text: lines.join('\n') }] : [];
}
