import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTOMATED_STEPS,
  buildBundles,
  LAMBDA_ENTRIES,
  type LambdaEntry,
  SOURCE_MAPS_CONTEXT,
} from '../../infra/bundling';
import { BundledFunction } from '../../infra/constructs/bundled-function';
import { buildOcrLayer } from '../../infra/constructs/ocr-layer';
import { fromRoot } from '../../infra/paths';
import { DEBIAN_TESSDATA } from '../../shared/review/ocr';

const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), 'gongkai-bundles-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** kB as esbuild and the issue count them: 1,024 bytes. */
const KB = 1024;
const API_BUDGET = 1024 * KB;
const STEP_BUDGET = 600 * KB;

/** What the functions read from their environment when they load. */
const LOAD_ENV = {
  AWS_REGION: 'us-east-1',
  TABLE_NAME: 'test',
  INTAKE_BUCKET: 'test-intake',
  PUBLIC_BUCKET: 'test-public',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:111111111111:stateMachine:test',
  SCAN_FUNCTION_NAME: 'test-scan',
  OIDC_ISSUER: 'https://id.example.gov.cn',
  OIDC_AUDIENCE: 'test',
};

/** Each entry a function of its own, synthesized with bundling: its code folder in the cloud assembly. */
function synthesize(context: Record<string, unknown> = {}) {
  // Asset metadata, as the CLI asks for: where each function's code folder is.
  const app = new App({
    outdir: mkdtempSync(join(temp, 'cdk-')),
    context: { 'aws:cdk:enable-asset-metadata': true, ...context },
  });
  const stack = new Stack(app, 'Bundles');
  const functions = Object.fromEntries(
    LAMBDA_ENTRIES.map((entry) => [entry, new BundledFunction(stack, entry, { entry })]),
  ) as Record<LambdaEntry, BundledFunction>;
  const assembly = app.synth();
  const template = assembly.getStackByName('Bundles').template as {
    Resources: Record<string, { Metadata?: Record<string, string>; Properties: Record<string, unknown> }>;
  };
  const resourceOf = (entry: LambdaEntry) =>
    template.Resources[stack.getLogicalId(functions[entry].node.defaultChild as never)];
  return {
    codeDir: (entry: LambdaEntry) => join(assembly.directory, resourceOf(entry)?.Metadata?.['aws:asset:path'] ?? ''),
    environment: (entry: LambdaEntry) =>
      (resourceOf(entry)?.Properties.Environment as { Variables?: Record<string, string> } | undefined)?.Variables,
  };
}

describe('each Lambda bundles only what it uses (as the stack bundles them)', () => {
  let synth: ReturnType<typeof synthesize>;
  const bytes = (entry: LambdaEntry) => statSync(join(synth.codeDir(entry), 'index.js')).size;

  beforeAll(() => {
    synth = synthesize();
  }, 120_000);

  it('every entry point in functions/lambda is one of the bundles (and so held to a budget here)', () => {
    const entries = readdirSync(fromRoot('functions/lambda')).map((f) => f.replace(/\.ts$/, ''));
    expect(entries.sort()).toEqual([...LAMBDA_ENTRIES].sort());
  });

  it('the API bundle is at most 1 MB and carries no extractor: reading files is the scan function’s', () => {
    expect(bytes('api')).toBeLessThanOrEqual(API_BUDGET);
    const [api, scan] = buildBundles(join(temp, 'inputs'), { entries: ['api', 'scan'] });
    const extractors = (inputs: readonly string[] = []) =>
      inputs.filter((i) =>
        /shared\/review\/(formats|ocr|extract)|node_modules\/(unpdf|tesseract|iconv-lite|htmlparser2|pngjs|jpeg-js)\//.test(
          i,
        ),
      );
    expect(extractors(api?.inputs)).toEqual([]);
    // What the upload checks need of the review (what a file is, whether text is text) stays.
    expect(api?.inputs).toContain('shared/review/sniff.ts');
    expect(extractors(scan?.inputs)).toContain('shared/review/formats/pdf.ts');
  });

  it('every automated step, the review too, and every scheduled job, is at most 600 kB', () => {
    const others = LAMBDA_ENTRIES.filter((e) => e !== 'api' && e !== 'scan');
    expect(others).toEqual(expect.arrayContaining([...AUTOMATED_STEPS]));
    for (const entry of others) expect(bytes(entry), entry).toBeLessThanOrEqual(STEP_BUDGET);
  });

  it('ships no source map unless asked: only index.js, and Node is not told to read maps', () => {
    for (const entry of LAMBDA_ENTRIES) {
      expect(readdirSync(synth.codeDir(entry)), entry).toEqual(['index.js']);
      expect(synth.environment(entry)?.NODE_OPTIONS, entry).toBeUndefined();
    }
  });

  it(`-c ${SOURCE_MAPS_CONTEXT}=true ships index.js.map and sets NODE_OPTIONS=--enable-source-maps`, () => {
    const withMaps = synthesize({ [SOURCE_MAPS_CONTEXT]: 'true' });
    for (const entry of ['api', 'route'] as const) {
      expect(readdirSync(withMaps.codeDir(entry)).sort(), entry).toEqual(['index.js', 'index.js.map']);
      expect(withMaps.environment(entry)?.NODE_OPTIONS, entry).toBe('--enable-source-maps');
    }
  }, 120_000);

  it('what is needed only now and then loads when needed: pdf.js and OCR on a file, the scan client on a correction', async () => {
    const loaded = async (entry: LambdaEntry) => {
      const script = `require(${JSON.stringify(join(synth.codeDir(entry), 'index.js'))});
process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
      const { stdout } = await run(process.execPath, ['-e', script], {
        cwd: temp,
        // The AWS SDK as Lambda's runtime provides it; the layer's packages where they are installed.
        env: { PATH: process.env.PATH ?? '', NODE_PATH: fromRoot('node_modules'), NODE_NO_WARNINGS: '1', ...LOAD_ENV },
      });
      return (JSON.parse(stdout) as string[]).filter((path) => path.includes('node_modules'));
    };
    const packages = (paths: string[]) => [
      ...new Set(paths.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? p)),
    ];
    const api = packages(await loaded('api'));
    expect(api).toContain('@aws-sdk/client-dynamodb');
    expect(api).not.toContain('@aws-sdk/client-lambda');
    for (const entry of ['review', 'scan'] as const) {
      const modules = packages(await loaded(entry));
      for (const lazy of ['unpdf', 'tesseract.js', 'pngjs', 'jpeg-js']) expect(modules, entry).not.toContain(lazy);
    }
  }, 60_000);

  it('the scan bundle reads a PDF with pdf.js from the layer, in a folder with no node_modules', async () => {
    const layer = join(temp, 'layer');
    buildOcrLayer(layer, DEBIAN_TESSDATA[0] as string);
    const pdf = fromRoot('test/fixtures/review/corpus/58_farm_subsidy_bank.pdf');
    const runner = join(temp, 'invoke.cjs');
    writeFileSync(
      runner,
      `const { handler } = require(${JSON.stringify(join(synth.codeDir('scan'), 'index.js'))});
const bytes = require('node:fs').readFileSync(process.argv[2]);
handler({ bytesBase64: bytes.toString('base64'), filename: 'notice.pdf', contentType: 'application/pdf' })
  .then((r) => process.stdout.write('\\n' + JSON.stringify(r)));
`,
    );
    expect(existsSync(join(synth.codeDir('scan'), 'node_modules'))).toBe(false);
    const { stdout } = await run(process.execPath, [runner, pdf], {
      cwd: temp,
      timeout: 60_000,
      // As Lambda runs it: the layer's node_modules on NODE_PATH, the function's environment.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(layer, 'nodejs', 'node_modules'),
        GONGKAI_TESSDATA: join(layer, 'tessdata'),
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(result).toMatchObject({ decision: 'needs-review', extracted: true, format: 'pdf' });
    expect(result.findings.map((f: { kind: string }) => f.kind)).toEqual(
      expect.arrayContaining(['id-number', 'bank-card']),
    );
    // The text stays in the function: the API decides on the findings.
    expect(result.text).toBeUndefined();
  }, 90_000);
});
