import * as z from 'zod';
import type { Scanner } from '../../shared/ports';
import type { ScanResult } from '../../shared/review';
import type { ScanRequest } from '../adapters/lambda-scanner';

/** 5 MB files (the API's inline limit) are 7 MB of base64: anything longer was never sent by it. */
const MAX_BASE64_CHARS = 7 * 1024 * 1024;

const ScanRequestSchema = z.strictObject({
  bytesBase64: z.base64().min(1).max(MAX_BASE64_CHARS),
  filename: z.string().max(255).optional(),
  contentType: z.string().max(255).optional(),
}) satisfies z.ZodType<ScanRequest>;

/**
 * The scan Lambda: scans the file it is sent and answers what was found. The extracted text stays
 * here: the caller decides on the findings, and the text of a large file would not fit the 6 MB
 * response.
 */
export function scanHandler(scanner: Scanner): (event: unknown) => Promise<Omit<ScanResult, 'text'>> {
  return async (event) => {
    const { bytesBase64, ...hint } = ScanRequestSchema.parse(event);
    const { text: _text, ...result } = await scanner.scan(Buffer.from(bytesBase64, 'base64'), hint);
    return result;
  };
}
