import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOcrLayer, LAYER_TESSDATA } from '../../infra/constructs/ocr-layer';
import { Workflow } from '../../infra/constructs/workflow';
import { definitionFromTemplate } from '../../infra/local/asl';
import { templateApp } from '../../infra/template-app';
import { DEBIAN_TESSDATA } from '../../shared/review/ocr';

const temp = mkdtempSync(join(tmpdir(), 'gongkai-layer-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the review function reads scans: OCR layer, language data by environment, memory and time', () => {
  let stack: Stack;
  let workflow: Workflow;
  let intake: Bucket;
  let template: Template;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);

  beforeAll(() => {
    // The workflow alone, without bundling: the template, not the code (the layer's build is below).
    const app = templateApp();
    stack = new Stack(app, 'Test', { env: { account: '111111111111', region: 'us-east-1' } });
    const table = new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    intake = new Bucket(stack, 'Intake');
    workflow = new Workflow(stack, 'Workflow', {
      table,
      intakeBucket: intake,
      publicBucket: new Bucket(stack, 'Public'),
    });
    template = Template.fromStack(stack);
  });

  it('the review function has the layer and GONGKAI_TESSDATA=/opt/tessdata, 2048 MB and 15 minutes', () => {
    const layers = template.findResources('AWS::Lambda::LayerVersion', {
      Properties: { Description: Match.stringLikeRegexp('tesseract.js and chi_sim\\+eng') },
    });
    expect(Object.keys(layers)).toHaveLength(1);
    const layer = Object.keys(layers)[0];
    const review = template.toJSON().Resources[logicalId(workflow.stepFunctions.review)].Properties;
    expect(review).toMatchObject({
      Layers: [{ Ref: layer }],
      MemorySize: 2048,
      Timeout: 900,
      Environment: { Variables: { GONGKAI_TESSDATA: LAYER_TESSDATA } },
    });
    expect(LAYER_TESSDATA).toBe('/opt/tessdata');
    // The other steps neither ship nor need it.
    for (const [step, fn] of Object.entries(workflow.stepFunctions)) {
      if (step === 'review') continue;
      const props = template.toJSON().Resources[logicalId(fn)].Properties;
      expect(props.Layers, step).toBeUndefined();
      expect(props.Environment.Variables.GONGKAI_TESSDATA, step).toBeUndefined();
    }
  });

  it('the state machine gives the review task the function’s 15 minutes', () => {
    const { definition } = definitionFromTemplate(template.toJSON() as never, {
      [logicalId(intake)]: 'intake',
    });
    expect(definition.States['Confidentiality review']).toMatchObject({ TimeoutSeconds: 900 });
  });
});

describe('the OCR layer, built at synth from this machine’s files', () => {
  it('holds tesseract.js, its LSTM cores and dependencies under nodejs/node_modules, and the language data', () => {
    const out = join(temp, 'layer');
    buildOcrLayer(out, DEBIAN_TESSDATA[0] as string);
    const modules = join(out, 'nodejs', 'node_modules');
    expect(existsSync(join(modules, 'tesseract.js', 'src', 'worker-script', 'node', 'index.js'))).toBe(true);
    expect(readdirSync(join(modules, 'tesseract.js-core')).filter((f) => f.endsWith('.wasm'))).toEqual([
      'tesseract-core-lstm.wasm',
      'tesseract-core-relaxedsimd-lstm.wasm',
      'tesseract-core-simd-lstm.wasm',
    ]);
    // tesseract.js's dependencies, and the scans' decoders the review loads when it reads an image.
    for (const dependency of ['bmp-js', 'is-url', 'regenerator-runtime', 'wasm-feature-detect', 'pngjs', 'jpeg-js']) {
      expect(existsSync(join(modules, dependency, 'package.json')), dependency).toBe(true);
    }
    expect(existsSync(join(modules, 'zlibjs'))).toBe(false);
    // Debian's files as they are (2.4 MB and 4.1 MB in bookworm's 1:4.1.0-2).
    const sizes = (dir: string) =>
      Object.fromEntries(
        ['chi_sim.traineddata', 'eng.traineddata'].map((f) => [
          f,
          existsSync(join(dir, f)) && statSync(join(dir, f)).size,
        ]),
      );
    expect(readdirSync(join(out, 'tessdata')).sort()).toEqual(['chi_sim.traineddata', 'eng.traineddata']);
    expect(sizes(join(out, 'tessdata'))).toEqual(sizes(DEBIAN_TESSDATA[0] as string));
  });

  it('without the language data the synth fails, saying what to install', () => {
    expect(() => buildOcrLayer(join(temp, 'empty'), join(temp, 'no-tessdata'))).toThrow(
      /the OCR layer cannot be built: OCR is not available: .*chi_sim\.traineddata is missing \(install Debian's tesseract-ocr-chi-sim/,
    );
  });
});
