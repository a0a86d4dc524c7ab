/**
 * What 1,000 documents cost on AWS, from what the benchmark counted per document. List prices of
 * us-east-1 (on-demand, no free tier), as published in 2026; the China regions bill in CNY at
 * other rates. Each line says what it counts, so a price change is one edit here.
 */
export const PRICES = {
  /** Step Functions Standard: per state transition ($0.025 per 1,000). */
  transition: 0.025 / 1_000,
  /** Lambda: per request ($0.20 per million) and per GB-second on arm64. */
  lambdaRequest: 0.2 / 1_000_000,
  lambdaGbSecondArm: 0.000_013_333_4,
  /** DynamoDB on-demand: per write and read request unit ($0.625 / $0.125 per million). */
  wru: 0.625 / 1_000_000,
  rru: 0.125 / 1_000_000,
  /** S3 Standard: PUT, COPY, POST, LIST ($0.005 per 1,000); GET and the rest ($0.0004 per 1,000). */
  s3Put: 0.005 / 1_000,
  s3Get: 0.0004 / 1_000,
  /** API Gateway HTTP API: per request ($1.00 per million). */
  httpApiRequest: 1 / 1_000_000,
  /** SQS FIFO: per request (64 KB chunk) ($0.50 per million). */
  sqsFifoRequest: 0.5 / 1_000_000,
  /** CloudWatch Logs ingestion ($0.50 per GB) and X-Ray traces recorded ($5.00 per million). */
  logGb: 0.5,
  xrayTrace: 5 / 1_000_000,
} as const;

/** What one document made on one path of the flow. */
export interface DocumentUsage {
  readonly transitions: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly wru: number;
  readonly rru: number;
  readonly s3Requests: { readonly put: number; readonly get: number; readonly other: number };
  readonly sqsRequests: number;
  /** Requests the people made through the HTTP API for it. */
  readonly apiRequests: number;
  /** Bytes of CloudWatch Logs the document's steps and execution write. */
  readonly logBytes: number;
  /** X-Ray traces (the state machine traces each execution). */
  readonly traces: number;
}

export interface CostLine {
  readonly item: string;
  readonly perDocument: string;
  readonly price: string;
  readonly per1000: number;
}

const usd = (x: number) => `$${x.toFixed(4)}`;

/** The cost of 1,000 documents, line by line, and its total. */
export function costPer1000(usage: DocumentUsage): { lines: CostLine[]; total: number } {
  const k = 1_000;
  const lines: CostLine[] = [
    line('Step Functions transitions', usage.transitions, '$0.025 / 1,000', usage.transitions * PRICES.transition * k),
    line(
      'Lambda requests',
      usage.lambdaInvocations,
      '$0.20 / million',
      usage.lambdaInvocations * PRICES.lambdaRequest * k,
    ),
    line(
      'Lambda GB-s (arm64)',
      round(usage.lambdaGbSeconds, 3),
      '$0.0000133334 / GB-s',
      usage.lambdaGbSeconds * PRICES.lambdaGbSecondArm * k,
    ),
    line('DynamoDB WRU (computed)', round(usage.wru, 1), '$0.625 / million', usage.wru * PRICES.wru * k),
    line('DynamoDB RRU', round(usage.rru, 1), '$0.125 / million', usage.rru * PRICES.rru * k),
    line(
      'S3 PUT/COPY/LIST',
      usage.s3Requests.put + usage.s3Requests.other,
      '$0.005 / 1,000',
      (usage.s3Requests.put + usage.s3Requests.other) * PRICES.s3Put * k,
    ),
    line('S3 GET/HEAD', usage.s3Requests.get, '$0.0004 / 1,000', usage.s3Requests.get * PRICES.s3Get * k),
    line('HTTP API requests', usage.apiRequests, '$1.00 / million', usage.apiRequests * PRICES.httpApiRequest * k),
    line('SQS FIFO requests', usage.sqsRequests, '$0.50 / million', usage.sqsRequests * PRICES.sqsFifoRequest * k),
    line('CloudWatch Logs (bytes)', usage.logBytes, '$0.50 / GB', (usage.logBytes / 1024 ** 3) * PRICES.logGb * k),
    line('X-Ray traces', usage.traces, '$5.00 / million', usage.traces * PRICES.xrayTrace * k),
  ];
  return { lines, total: lines.reduce((sum, l) => sum + l.per1000, 0) };
}

function line(item: string, perDocument: number, price: string, per1000: number): CostLine {
  return { item, perDocument: String(perDocument), price, per1000 };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The table as the benchmark prints it. */
export function costTable(name: string, usage: DocumentUsage): string[] {
  const { lines, total } = costPer1000(usage);
  return [
    `cost per 1,000 documents, ${name} path (us-east-1 list prices)`,
    ...lines.map(
      (l) => `  ${l.item.padEnd(28)} ${l.perDocument.padStart(10)} /doc   ${l.price.padEnd(22)} ${usd(l.per1000)}`,
    ),
    `  ${'total'.padEnd(28)} ${''.padStart(10)}        ${''.padEnd(22)} ${usd(total)}`,
  ];
}
