import { createServer } from 'node:net';

/**
 * Ports for the local services. Asking the kernel for port 0 and closing it again races: between the
 * close and the service's listen, an outgoing connection (Linux hands those out from 32768–60999) or
 * another test process may take the port — CI once failed with EADDRINUSE that way. So ports come
 * from below that range, each vitest worker draws from its own slice (VITEST_POOL_ID is unique among
 * running workers), and each port is checked free before it is handed out.
 */
const FIRST_PORT = 20_000;
const SLICE_SIZE = 1_500;
const SLICES = 8; // 20000–31999, below the ephemeral range

const slice = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
const sliceStart = FIRST_PORT + slice * SLICE_SIZE;
/** A random start, so files run one after another in one worker do not retry the same ports first. */
let cursor = Math.floor(Math.random() * SLICE_SIZE);

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` distinct free loopback ports, never the same twice in this process until its slice wraps. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tried = 0; ports.length < count; tried++) {
    if (tried >= SLICE_SIZE)
      throw new Error(`no ${count} free ports between ${sliceStart} and ${sliceStart + SLICE_SIZE - 1}`);
    const port = sliceStart + (cursor++ % SLICE_SIZE);
    if (await isFree(port)) ports.push(port);
  }
  return ports;
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/** Every port a local runtime listens on, all free (its defaults, port + 10 … + 13, are not checked). */
export interface RuntimePorts {
  readonly port: number;
  readonly dynamoPort: number;
  readonly s3Port: number;
  readonly oidcPort: number;
  readonly sfnPort: number;
}

export async function runtimePorts(): Promise<RuntimePorts> {
  const [port, dynamoPort, s3Port, oidcPort, sfnPort] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return { port, dynamoPort, s3Port, oidcPort, sfnPort };
}
