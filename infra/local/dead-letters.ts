import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadLetter, DeadLetters } from '../../shared/ports';
import type { EventBridgeEvent } from './events';

export const deadLetterDir = (dataDir: string) => join(dataDir, 'dead-letters');

/**
 * The local runtime's dead-letter queue: an S3 event it could not deliver to the state machine is
 * a file `<event id>.json` under `<data>/dead-letters/`, until `gongkai ops replay-dlq` delivers it
 * (the SQS queue's stand-in, see SqsDeadLetters). A run receives each letter once.
 */
export class FileDeadLetters implements DeadLetters {
  private readonly received = new Set<string>();

  constructor(private readonly dir: string) {}

  /** Keeps an event that was not delivered (the local EventBridge's side of the queue). */
  put(event: EventBridgeEvent): void {
    mkdirSync(this.dir, { recursive: true });
    // Event ids are hex digests of the S3 record (./events.ts): a safe file name, and one file per event.
    if (!/^[A-Za-z0-9-]{1,64}$/.test(event.id)) throw new Error(`unexpected event id ${event.id}`);
    writeFileSync(join(this.dir, `${event.id}.json`), `${JSON.stringify(event)}\n`);
  }

  async receive(max: number): Promise<DeadLetter[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json') && !this.received.has(n));
    } catch {
      return []; // no letter was ever written
    }
    return names
      .sort()
      .slice(0, max)
      .map((name) => {
        this.received.add(name);
        return { id: name.slice(0, -'.json'.length), receipt: name, body: readFileSync(join(this.dir, name), 'utf8') };
      });
  }

  async remove(letter: DeadLetter): Promise<void> {
    rmSync(join(this.dir, letter.receipt), { force: true });
  }
}
