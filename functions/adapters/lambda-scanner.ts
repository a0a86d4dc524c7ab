import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ExtractHint, Scanner, ScanResult } from '../../shared/ports';

/** What the scan Lambda (functions/lambda/scan.ts) is invoked with: the file inline, as base64. */
export interface ScanRequest extends ExtractHint {
  readonly bytesBase64: string;
}

/**
 * The API's scanner on AWS: the scan Lambda, invoked synchronously. The extractors (pdf.js, the
 * Office readers, OCR) stay in that function's bundle, out of the API's. The file goes inline:
 * what the API can receive (6 MB of event, the file in it as base64) fits the 6 MB invoke payload.
 */
export class LambdaScanner implements Scanner {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async scan(bytes: Uint8Array, hint: ExtractHint): Promise<ScanResult> {
    const request: ScanRequest = { bytesBase64: Buffer.from(bytes).toString('base64'), ...hint };
    const out = await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const body = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) {
      // The function's error: {"errorType", "errorMessage"}; a scan that failed is no clearance.
      const message = (JSON.parse(body || '{}') as { errorMessage?: string }).errorMessage ?? 'no message';
      throw new Error(`the scan function failed (${out.FunctionError}): ${message.slice(0, 300)}`);
    }
    return JSON.parse(body) as ScanResult;
  }
}
