/**
 * `npm run bench:review`: how well the confidentiality review does on the labelled corpus
 * (test/support/review-corpus.ts: every accepted format, scans read by OCR) and how fast, on this
 * machine. Prints recall and precision per kind at finding and at document level, the document
 * decisions (no document with a finding may be cleared), throughput (documents/s, MB/s of text,
 * a 20 MB text file), OCR seconds per page (the corpus's small scans, and a full A4 page at
 * 300 dpi) and the process's peak memory (OCR runs in a thread of this process). Exits 1 when a
 * target of issue 9 is missed.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Finding, scanDocument } from '../../shared/review';
import { DETECTED_KINDS } from '../../shared/review/detectors';
import { createOcr } from '../../shared/review/ocr';
import { compare, corpus } from '../support/review-corpus';
import { renderScan, scanPdf } from '../unit/review/ocr-scans';

const STRUCTURED = ['id-number', 'bank-card', 'mobile', 'passport'];
const TARGETS = {
  structuredRecall: 1,
  addressHealthRecall: 0.95,
  documentPrecision: 0.9,
  twentyMbSeconds: 10,
  ocrA4Seconds: 15,
};

const pct = (n: number, d: number) => (d === 0 ? '   –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
const mb = (bytes: number) => bytes / 1024 / 1024;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

const documents = corpus();
const ocr = createOcr();
if (!ocr.available) {
  console.error(ocr.reason);
  process.exit(1);
}
let ocrPages = 0;

interface Row {
  readonly name: string;
  readonly format: string;
  readonly scan: boolean;
  readonly bytes: number;
  readonly textBytes: number;
  readonly seconds: number;
  readonly decision: string;
  readonly found: readonly Finding[];
  readonly expectedKinds: ReadonlySet<string>;
  readonly comparison: ReturnType<typeof compare<Finding>>;
}

// The engine's start (loading the language data) is not a page's time.
await ocr.read(renderScan(['预热']), 1);

const rows: Row[] = [];
for (const doc of documents) {
  const started = performance.now();
  const result = await scanDocument(
    doc.bytes,
    { filename: doc.name },
    { ocr: ocr.forFile({ onPage: () => ocrPages++ }) },
  );
  const seconds = (performance.now() - started) / 1000;
  rows.push({
    name: doc.name,
    format: doc.format,
    scan: doc.scan,
    bytes: doc.bytes.length,
    textBytes: Buffer.byteLength(result.text ?? ''),
    seconds,
    decision: result.decision,
    found: result.findings,
    expectedKinds: new Set(doc.expected.map((f) => f.kind)),
    comparison: compare(result.findings, doc.expected),
  });
}

// Finding level: each expected finding found (kind and text, and where when the label says), each
// finding expected.
console.log(`\nConfidentiality review on the labelled corpus: ${rows.length} documents`);
const formats = [...new Set(rows.map((r) => r.format))];
console.log(`  ${formats.map((f) => `${f} ${rows.filter((r) => r.format === f).length}`).join(', ')}\n`);
console.log(
  'kind            | findings: expected  hit  missed  false | recall  precision | documents: with  flagged  recall  precision',
);
const totals = { hits: 0, missed: 0, falseAlarms: 0 };
const recallOf: Record<string, number> = {};
for (const kind of DETECTED_KINDS) {
  const hits = rows.reduce((n, r) => n + r.comparison.hits.filter((h) => h.expected.kind === kind).length, 0);
  const missed = rows.reduce((n, r) => n + r.comparison.missed.filter((f) => f.kind === kind).length, 0);
  const falseAlarms = rows.reduce((n, r) => n + r.comparison.falseAlarms.filter((f) => f.kind === kind).length, 0);
  totals.hits += hits;
  totals.missed += missed;
  totals.falseAlarms += falseAlarms;
  recallOf[kind] = ratio(hits, hits + missed);
  const withKind = rows.filter((r) => r.expectedKinds.has(kind));
  const flagged = rows.filter((r) => r.found.some((f) => f.kind === kind));
  const rightlyFlagged = flagged.filter((r) => r.expectedKinds.has(kind));
  console.log(
    `${kind.padEnd(15)} | ${String(hits + missed).padStart(17)} ${String(hits).padStart(4)} ${String(missed).padStart(7)} ` +
      `${String(falseAlarms).padStart(6)} | ${pct(hits, hits + missed)} ${pct(hits, hits + falseAlarms).padStart(10)} | ` +
      `${String(withKind.length).padStart(15)} ${String(flagged.length).padStart(8)} ${pct(rightlyFlagged.length, withKind.length).padStart(7)} ` +
      `${pct(rightlyFlagged.length, flagged.length).padStart(10)}`,
  );
}
console.log(
  `${'all kinds'.padEnd(15)} | ${String(totals.hits + totals.missed).padStart(17)} ${String(totals.hits).padStart(4)} ` +
    `${String(totals.missed).padStart(7)} ${String(totals.falseAlarms).padStart(6)} | ${pct(totals.hits, totals.hits + totals.missed)} ` +
    `${pct(totals.hits, totals.hits + totals.falseAlarms).padStart(10)} |`,
);

// Document level: a document with a finding, or a scan (by design), must go to a person.
const shouldReview = (r: Row) => r.expectedKinds.size > 0 || r.scan;
const reviewed = rows.filter((r) => r.decision === 'needs-review');
const rightlyReviewed = reviewed.filter(shouldReview);
const leaked = rows.filter((r) => r.expectedKinds.size > 0 && r.decision === 'clear');
const cleanReviewed = reviewed.filter((r) => !shouldReview(r));
const documentPrecision = ratio(rightlyReviewed.length, reviewed.length);
console.log(
  `\ndocuments: ${rows.filter(shouldReview).length} should go to a person (${rows.filter((r) => r.expectedKinds.size > 0).length} with ` +
    `findings, ${rows.filter((r) => r.scan && r.expectedKinds.size === 0).length} scans without: by design), ` +
    `${rows.filter((r) => !shouldReview(r)).length} should be cleared`,
);
console.log(
  `  sent to a person ${reviewed.length}: rightly ${rightlyReviewed.length} → document precision ${pct(rightlyReviewed.length, reviewed.length).trim()}, ` +
    `recall ${pct(rightlyReviewed.length, rows.filter(shouldReview).length).trim()}`,
);
console.log(
  `  auto-cleared with a finding: ${leaked.length}${leaked.length ? ` (${leaked.map((r) => r.name).join(', ')})` : ''}`,
);
console.log(
  `  sent to a person with nothing to find: ${cleanReviewed.length}${cleanReviewed.length ? ` (${cleanReviewed.map((r) => r.name).join(', ')})` : ''}`,
);
for (const r of rows) {
  for (const f of r.comparison.missed)
    console.log(`  missed in ${r.name}: ${f.kind} ${f.text}${f.location ? ` (${f.location})` : ''}`);
  for (const f of r.comparison.falseAlarms)
    console.log(`  false alarm in ${r.name}: ${f.kind} ${f.text} (${f.location ?? '?'})`);
}

// Throughput.
const readable = rows.filter((r) => !r.scan);
const scans = rows.filter((r) => r.scan);
const sum = (list: readonly Row[], pick: (r: Row) => number) => list.reduce((n, r) => n + pick(r), 0);
const readableSeconds = sum(readable, (r) => r.seconds);
const scanSeconds = sum(scans, (r) => r.seconds);
console.log('\nthroughput');
console.log(
  `  ${readable.length} documents with text: ${(readable.length / readableSeconds).toFixed(1)} documents/s, ` +
    `${(mb(sum(readable, (r) => r.bytes)) / readableSeconds).toFixed(2)} MB/s of files ` +
    `(${(sum(readable, (r) => r.textBytes) / 1024).toFixed(0)} KB of text: small files, where each reader's start dominates; ` +
    'the text rate is the 20 MB file below)',
);
const per = new Map<string, Row[]>();
for (const r of readable) per.set(r.format, [...(per.get(r.format) ?? []), r]);
console.log(
  `  ms per document: ${[...per].map(([format, list]) => `${format} ${((1000 * sum(list, (r) => r.seconds)) / list.length).toFixed(0)}`).join(', ')}`,
);

// A 20 MB text file (the upload limit): the corpus's text documents repeated.
const textDocs = documents.filter((d) => d.format === 'txt' && !d.name.startsWith('21_'));
const unit = textDocs.map((d) => new TextDecoder().decode(d.bytes)).join('\n\n');
const copies = Math.floor((20 * 1024 * 1024) / (Buffer.byteLength(unit) + 2));
const big = new TextEncoder().encode(Array.from({ length: copies }, () => unit).join('\n\n'));
const bigStarted = performance.now();
const bigResult = await scanDocument(big, { filename: 'big.txt' }, {});
const bigSeconds = (performance.now() - bigStarted) / 1000;
console.log(
  `  a ${mb(big.length).toFixed(1)} MB text file (the corpus's notices repeated, ${(bigResult.text?.length ?? 0).toLocaleString('en')} characters, ` +
    `${bigResult.findings.length.toLocaleString('en')} findings): ${bigSeconds.toFixed(2)} s, ` +
    `${(mb(big.length) / bigSeconds).toFixed(1)} MB/s${bigResult.extracted ? '' : ` — UNREAD: ${bigResult.unreadableReason}`}`,
);

// OCR: the corpus's scans, then a full A4 page at 300 dpi (40 lines of a 低保 notice).
console.log('\nOCR (tesseract.js, chi_sim + eng, one thread)');
console.log(
  `  corpus scans: ${scans.length} files, ${ocrPages} pages, ${scanSeconds.toFixed(1)} s → ${(scanSeconds / ocrPages).toFixed(2)} s per page ` +
    '(about 1400–1700 px wide, a few lines each)',
);
const a4Lines = Array.from({ length: 40 }, (_, i) =>
  i === 17
    ? '申请人张某 身份证号 11010519491231002X 家住某某镇某村三组7号'
    : `第${i + 1}条 关于发放2026年第三季度城乡最低生活保障补助资金的公示，经审核共${30 + i}户`,
);
const a4Png = renderScan(a4Lines, { width: 2480, height: 3508, fontSize: 42, noise: 2000 });
let cpu = process.cpuUsage();
let started = performance.now();
const a4 = await ocr.read(a4Png, 1);
const a4Seconds = (performance.now() - started) / 1000;
const a4Cpu = cpuSeconds(cpu);
const a4Pdf = await scanPdf(
  [renderScan(a4Lines, { width: 2480, height: 3508, fontSize: 42, noise: 2000, format: 'jpeg' })],
  {
    dpi: 300,
  },
);
cpu = process.cpuUsage();
started = performance.now();
const a4PdfResult = await scanDocument(a4Pdf, { filename: 'scan.pdf' }, { ocr: ocr.forFile() });
const a4PdfSeconds = (performance.now() - started) / 1000;
const a4PdfCpu = cpuSeconds(cpu);
const readLines = a4.lines.filter(
  (line) => line.text.includes('最低生活保障') || line.text.includes('11010519491231002X'),
).length;
console.log(
  `  A4 page at 300 dpi (2480 × 3508 px PNG, 40 lines, ~1,800 characters): ${a4Seconds.toFixed(1)} s ` +
    `(${a4Cpu.toFixed(1)} s CPU), ${readLines} of 40 lines read, mean confidence ${a4.confidence.toFixed(0)}`,
);
console.log(
  `  the same page as an image-only PDF (PDF.js decoding, the page image, OCR, detectors): ${a4PdfSeconds.toFixed(1)} s ` +
    `(${a4PdfCpu.toFixed(1)} s CPU), findings: ${a4PdfResult.findings.map((f) => f.kind).join(', ') || 'none'}`,
);
await ocr.close();

const peak = process.resourceUsage().maxRSS / 1024;
console.log(`\npeak memory (resident, this process with its OCR thread): ${peak.toFixed(0)} MB`);
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ')} (1/5/15 min): wall seconds stretch with the load, CPU seconds much less`,
);

// Issue 9's targets.
const checks: Array<[string, boolean]> = [
  [
    `recall 100% on ${STRUCTURED.join(', ')}`,
    STRUCTURED.every((kind) => (recallOf[kind] ?? 0) >= TARGETS.structuredRecall),
  ],
  [
    'recall ≥ 95% on address and health',
    ['address', 'health'].every((k) => (recallOf[k] ?? 0) >= TARGETS.addressHealthRecall),
  ],
  ['no auto-cleared document that has a finding', leaked.length === 0],
  ['document precision ≥ 90%', documentPrecision >= TARGETS.documentPrecision],
  ['a 20 MB text file in under 10 s', bigSeconds < TARGETS.twentyMbSeconds],
  // CPU seconds: what a page costs with a core of its own (this machine's 2 are shared; see the load).
  ['OCR under 15 s per A4 page (CPU seconds)', Math.max(a4Cpu, a4PdfCpu) < TARGETS.ocrA4Seconds],
];
console.log('\ntargets');
for (const [what, met] of checks) console.log(`  ${met ? 'met   ' : 'MISSED'} ${what}`);
process.exitCode = checks.every(([, met]) => met) ? 0 : 1;
