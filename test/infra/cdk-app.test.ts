import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../infra/paths';

/**
 * The CDK app as the CLI runs it (cdk.json "app": infra/run-app.mjs bundles infra/app.ts and runs
 * it in plain node): the context comes in CDK_CONTEXT_JSON and the assembly goes to CDK_OUTDIR, as
 * `cdk synth` passes them. Bundling is skipped (no stack listed in `aws:cdk:bundling-stacks`).
 */
const run = promisify(execFile);
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

async function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'gongkai-cdk-app-'));
  outdirs.push(outdir);
  const cdkJson = JSON.parse(readFileSync(fromRoot('cdk.json'), 'utf8')) as { app: string };
  const [command = '', ...args] = cdkJson.app.split(' ');
  try {
    const { stderr } = await run(command === 'node' ? process.execPath : command, args, {
      cwd: fromRoot(),
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
      },
      timeout: 120_000,
    });
    return { code: 0, stderr, outdir };
  } catch (err) {
    const failed = err as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? String(err), outdir };
  }
}

describe('the CDK app that cdk.json runs', () => {
  it('synthesizes the stack into the folder the CLI names', async () => {
    const { code, stderr, outdir } = await runApp({});
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'Gongkai.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    const types = new Set(Object.values(template.Resources).map((r) => r.Type));
    expect(types).toContain('AWS::StepFunctions::StateMachine');
    expect(types).toContain('AWS::DynamoDB::Table');
  }, 120_000);

  it('fails a China region without its sign-in provider, saying which keys to pass', async () => {
    const { code, stderr } = await runApp({ region: 'cn-north-1' });
    expect(code).toBe(1);
    expect(stderr).toContain('gongkai: cn-north-1 is an AWS China region');
    expect(stderr).toContain('-c oidcIssuer=');
  }, 120_000);
});
