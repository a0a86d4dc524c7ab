/**
 * GB18030 (a superset of GBK and GB2312) by the WHATWG decoder of Node's ICU, not a bundled table:
 * intake and the API decode uploads to tell text from binary, and iconv-lite's tables (480 kB)
 * would be most of their bundles. The two agree on every valid sequence but 18 two-byte ones
 * (A6D9…, where WHATWG gives the vertical forms U+FE10… GB18030-2022 assigns, not private use).
 */
export function decodeGb18030(bytes: Uint8Array): string {
  return new TextDecoder('gb18030').decode(bytes);
}

/**
 * Valid UTF-8 is taken as UTF-8 (a GBK file is almost never valid UTF-8); otherwise GB18030, a
 * superset of GBK and GB2312, the encodings Chinese office software writes. null when the
 * result does not look like text.
 */
export function decodeText(bytes: Uint8Array): string | null {
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    // Notepad's "Unicode" is UTF-16 with a BOM; without one it has NULs and is rejected below.
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a BOM
    } catch {
      text = decodeGb18030(bytes);
    }
  }
  return looksLikeText(text) ? text : null;
}

// Control characters, replacement characters (undecodable bytes) and private-use code points
// (PDF fonts without a Unicode map) are what binary or garbled input turns into.
const JUNK = /(?![\t\n\f\r])[\p{Cc}\p{Co}\ufffd]/gu;

export function looksLikeText(text: string): boolean {
  const junk = text.match(JUNK)?.length ?? 0;
  return junk <= text.length * 0.01;
}
