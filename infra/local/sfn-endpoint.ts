import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_STATE_MACHINE_ARN, type LocalWorkflow } from './workflow';

/**
 * Step Functions' StartExecution, locally: a small server speaking the API's JSON protocol, so that
 * `gongkai ops …` starts executions of the running local runtime with the same SDK client and
 * adapter (SfnStarter) it uses against AWS — only the endpoint differs. Loopback only; like
 * DynamoDB Local, it does not check signatures. Other operations are answered "unknown".
 */
export interface LocalSfnEndpoint {
  readonly url: string;
  close(): Promise<void>;
}

function body(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startLocalSfnEndpoint(port: number, workflow: LocalWorkflow): Promise<LocalSfnEndpoint> {
  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(json));
    };
    const fault = (type: string, message: string) => answer(400, { __type: type, message });
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || target !== 'AWSStepFunctions.StartExecution') {
        return fault('UnknownOperationException', `the local runtime serves StartExecution only, not "${target}"`);
      }
      const input = JSON.parse(await body(req)) as { stateMachineArn?: unknown; name?: unknown; input?: unknown };
      if (input.stateMachineArn !== LOCAL_STATE_MACHINE_ARN) {
        return fault('StateMachineDoesNotExist', `the local state machine is ${LOCAL_STATE_MACHINE_ARN}`);
      }
      if (typeof input.name !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(input.name)) {
        return fault('InvalidName', 'name must be 1–80 characters of A-Z a-z 0-9 _ -');
      }
      let executionInput: unknown;
      try {
        executionInput = JSON.parse(typeof input.input === 'string' ? input.input : '{}');
      } catch {
        return fault('InvalidExecutionInput', 'input is not JSON');
      }
      if (!workflow.start(input.name, executionInput)) {
        return fault('ExecutionAlreadyExists', `an execution named ${input.name} exists`);
      }
      return answer(200, { executionArn: workflow.executionArn(input.name), startDate: Date.now() / 1000 });
    } catch (err) {
      return answer(500, { __type: 'InternalFailure', message: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
