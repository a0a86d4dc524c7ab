import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { fromRoot } from './paths';

/**
 * The Lambda entry points, functions/lambda/<name>.ts: each a bundle of its own, carrying only
 * what its handler imports (test/integration/bundles.test.ts holds them to their budgets).
 */
export const LAMBDA_ENTRIES = [
  'api',
  'scan',
  'intake',
  'review',
  'openTask',
  'route',
  'publish',
  'recordFailure',
  'batchImport',
  'sweep',
  'overdueCheck',
  'auditDigest',
] as const;
export type LambdaEntry = (typeof LAMBDA_ENTRIES)[number];

/** The steps of the flow the state machine runs automatically, without waiting for a person. */
export const AUTOMATED_STEPS = ['intake', 'review', 'route', 'publish', 'recordFailure', 'openTask'] as const;

/**
 * Not in any bundle: the AWS SDK is the Node.js runtime's own; tesseract.js, unpdf (pdf.js,
 * 1.6 MB) and the image decoders pngjs and jpeg-js are the review's and the scan's layer
 * (./constructs/ocr-layer.ts), which they load lazily — only a PDF or a scan loads them.
 */
export const EXTERNAL_MODULES = ['@aws-sdk/*', 'tesseract.js', 'tesseract.js-core', 'unpdf', 'pngjs', 'jpeg-js'];

/** The context key that ships source maps (`cdk deploy -c sourceMaps=true`): off by default. */
export const SOURCE_MAPS_CONTEXT = 'sourceMaps';

export interface BundleOptions {
  /** index.js.map beside each index.js, read with NODE_OPTIONS=--enable-source-maps. @default false */
  readonly sourceMaps?: boolean;
  /** @default every entry */
  readonly entries?: readonly LambdaEntry[];
}

/** How every function is bundled: one esbuild build for all of them, `<outdir>/<entry>/index.js`. */
export function esbuildOptions(outdir: string, options: BundleOptions = {}): BuildOptions {
  const entries = options.entries ?? LAMBDA_ENTRIES;
  return {
    entryPoints: Object.fromEntries(entries.map((e) => [`${e}/index`, fromRoot(`functions/lambda/${e}.ts`)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    sourcemap: options.sourceMaps ?? false,
    external: EXTERNAL_MODULES,
    // import() becomes require(): Node's ES module resolution ignores NODE_PATH, which is how the
    // runtime finds the layer's /opt/nodejs/node_modules (unpdf's CommonJS build is required there).
    supported: { 'dynamic-import': false },
    // CommonJS has no import.meta; what shared code reads of it is where the bundle is.
    define: { 'import.meta.url': JSON.stringify('file:///var/task/index.js') },
    // Errors keep their class names: the retry policy tells domain errors by them (./constructs/retries.ts).
    keepNames: true,
    metafile: true,
    logLevel: 'error',
  };
}

export interface BuiltBundle {
  readonly entry: LambdaEntry;
  /** The folder holding index.js (and index.js.map with source maps): the function's code. */
  readonly dir: string;
  /** Bytes of index.js. */
  readonly bytes: number;
  /** The files it carries (paths from the repository root, node_modules/… for packages). */
  readonly inputs: readonly string[];
}

/**
 * Builds the bundles in one esbuild run: the modules they share are read and parsed once, not
 * once per function (each function its own esbuild process made `cdk synth` take 20–45 s).
 */
export function buildBundles(outdir: string, options: BundleOptions = {}): BuiltBundle[] {
  const result = buildSync({ ...esbuildOptions(outdir, options), absWorkingDir: fromRoot() });
  const metafile = result.metafile as Metafile;
  return (options.entries ?? LAMBDA_ENTRIES).map((entry) => {
    const dir = `${outdir}/${entry}`;
    const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith(`${entry}/index.js`));
    if (!output) throw new Error(`esbuild wrote no bundle for functions/lambda/${entry}.ts`);
    return { entry, dir, bytes: output[1].bytes, inputs: Object.keys(output[1].inputs) };
  });
}
