import type { SFNClient } from '@aws-sdk/client-sfn';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { rerunExecutionName, SfnStarter } from '../../../functions/adapters/sfn';
import { IntakeInputSchema, ResumeRequestSchema } from '../../../shared/pipeline/events';

/** The AWS side of a re-run: StartExecution of the state machine with a resume request. */

const ARN = 'arn:aws:states:cn-north-1:000000000000:stateMachine:gongkai';
const ID = '0b1d6c52-7d7e-4a8e-9f3e-2b9b8f0f5a41';

function recordingClient() {
  const sent: unknown[] = [];
  const client = { send: async (command: unknown) => void sent.push(command) } as unknown as SFNClient;
  return { client, sent };
}

describe('SfnStarter', () => {
  it('starts the state machine with {resume: {documentId, previousExecutionId}}, uniquely named', async () => {
    const { client, sent } = recordingClient();
    const starter = new SfnStarter(client, ARN);
    await starter.resume(ID, `${ARN.replace(':stateMachine:', ':execution:')}:s3-1`);
    await starter.resume(ID, undefined);
    expect(sent).toHaveLength(2);
    const inputs = sent.map((c) => {
      expect(c).toBeInstanceOf(StartExecutionCommand);
      return (c as StartExecutionCommand).input;
    });
    for (const input of inputs) {
      expect(input.stateMachineArn).toBe(ARN);
      expect(input.name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      // What the execution's Intake reads: its whole input is the event.
      expect(IntakeInputSchema.parse({ event: JSON.parse(input.input ?? ''), executionId: 'x' })).toBeTruthy();
    }
    expect(ResumeRequestSchema.parse(JSON.parse(inputs[0]?.input ?? ''))).toEqual({
      resume: { documentId: ID, previousExecutionId: `${ARN.replace(':stateMachine:', ':execution:')}:s3-1` },
    });
    expect(JSON.parse(inputs[1]?.input ?? '')).toEqual({ resume: { documentId: ID } });
    expect(inputs[0]?.name).not.toBe(inputs[1]?.name);
  });

  it('names are unique even within a millisecond, and within 80 characters', () => {
    const names = new Set(Array.from({ length: 50 }, () => rerunExecutionName(ID, 1_800_000_000_000)));
    expect(names.size).toBe(50);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(80);
  });
});
