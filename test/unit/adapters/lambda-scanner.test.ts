import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { LambdaScanner } from '../../../functions/adapters/lambda-scanner';
import { scanHandler } from '../../../functions/scan/handler';
import { inProcessScanner } from '../../../shared/review';

/** The API's scans on AWS: the scan Lambda invoked with the file, answering the findings. */

const FUNCTION = 'gongkai-scan';
const ID = '370404197511052025';
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** A Lambda client whose function is the scan handler itself, over the same JSON as the service. */
function invokedHandler() {
  const sent: InvokeCommand[] = [];
  const handler = scanHandler(inProcessScanner);
  const client = {
    send: async (command: InvokeCommand) => {
      sent.push(command);
      const event = JSON.parse(new TextDecoder().decode(command.input.Payload as Uint8Array));
      const result: { body: unknown; error?: string } = await handler(event).then(
        (r) => ({ body: r }),
        (err: Error) => ({ body: { errorType: err.name, errorMessage: err.message }, error: 'Unhandled' }),
      );
      return {
        StatusCode: 200,
        ...(result.error ? { FunctionError: result.error } : {}),
        Payload: new TextEncoder().encode(JSON.stringify(result.body)),
      };
    },
  } as unknown as LambdaClient;
  return { client, sent };
}

describe('LambdaScanner and the scan function', () => {
  it('invokes the function with the file as base64 and its name and type; answers its findings', async () => {
    const { client, sent } = invokedHandler();
    const scanner = new LambdaScanner(client, FUNCTION);
    const result = await scanner.scan(bytesOf(`经办人：张某  身份证号 ${ID}`), {
      filename: 'notice.txt',
      contentType: 'text/plain',
    });
    expect(result).toMatchObject({
      decision: 'needs-review',
      findings: [expect.objectContaining({ kind: 'id-number' })],
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(InvokeCommand);
    expect(sent[0]?.input.FunctionName).toBe(FUNCTION);
    const payload = JSON.parse(new TextDecoder().decode(sent[0]?.input.Payload as Uint8Array));
    expect(payload).toEqual({
      bytesBase64: Buffer.from(bytesOf(`经办人：张某  身份证号 ${ID}`)).toString('base64'),
      filename: 'notice.txt',
      contentType: 'text/plain',
    });
  });

  it('a clear file is clear; the extracted text stays in the function', async () => {
    const { client } = invokedHandler();
    const result = await new LambdaScanner(client, FUNCTION).scan(bytesOf('关于调整公交线路的通知。'), {
      filename: 'notice.txt',
    });
    expect(result).toMatchObject({ decision: 'clear', findings: [], extracted: true });
    expect(result.text).toBeUndefined();
  });

  it('a failed invocation is an error, never a clearance', async () => {
    const client = {
      send: async () => ({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        Payload: new TextEncoder().encode(JSON.stringify({ errorType: 'Error', errorMessage: 'out of memory' })),
      }),
    } as unknown as LambdaClient;
    await expect(new LambdaScanner(client, FUNCTION).scan(bytesOf('x'), {})).rejects.toThrow(
      'the scan function failed (Unhandled): out of memory',
    );
  });

  it('the function refuses an event that is not a scan request', async () => {
    const handler = scanHandler(inProcessScanner);
    await expect(handler({ documentId: 'x' })).rejects.toThrow(/bytesBase64/);
    await expect(handler({ bytesBase64: 'not base64!' })).rejects.toThrow(/bytesBase64/);
    await expect(handler({ bytesBase64: 'eA==', filename: 'x.txt', extra: 1 })).rejects.toThrow(/extra/);
  });
});
