import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { checkTessdata, OCR_LANGUAGES, resolveLangPath, TESSDATA_ENV } from '../../shared/review/ocr/tessdata';
import { fromRoot } from '../paths';

/** Where the layer puts the language data in the function (/opt is where layers are unpacked). */
export const LAYER_TESSDATA = '/opt/tessdata';

/** The context key that names the folder of the .traineddata files to ship (`cdk synth -c …`). */
export const TESSDATA_CONTEXT = 'gongkai:tessdata';

export interface OcrLayerProps {
  /**
   * The folder holding chi_sim.traineddata and eng.traineddata.
   * @default the context value gongkai:tessdata, else GONGKAI_TESSDATA, else Debian's
   * /usr/share/tesseract-ocr/5/tessdata (packages tesseract-ocr-chi-sim, tesseract-ocr-eng)
   */
  readonly tessdata?: string;
}

/**
 * What the review and scan functions need to read scans (shared/review/ocr) and PDFs:
 * tesseract.js with its WebAssembly core and their dependencies, and unpdf (pdf.js), all under
 * /opt/nodejs/node_modules, which Node's Lambda runtime resolves from; and the Tesseract language
 * data (/opt/tessdata, passed as GONGKAI_TESSDATA). About 18 MB unpacked, 7.5 MB zipped: the
 * language data 6.6 MB (chi_sim 2.4 MB, eng 4.1 MB: Debian's tessdata_fast models), the LSTM-only
 * cores 8.6 MB (plain, SIMD and relaxed SIMD: tesseract.js picks the one the runtime supports),
 * the JavaScript 2.7 MB (pdf.js 1.6 MB of it: loaded when a PDF is read, not with the bundle).
 *
 * Built at synth from this machine's files (node_modules and the language data), without Docker;
 * a missing or broken .traineddata fails the synth rather than shipping a review that cannot OCR.
 */
export class OcrLayer extends Construct {
  readonly layer: LayerVersion;
  /** The environment the function reads the layer with. */
  readonly environment: Readonly<Record<string, string>> = { [TESSDATA_ENV]: LAYER_TESSDATA };

  constructor(scope: Construct, id: string, props: OcrLayerProps = {}) {
    super(scope, id);
    const context = this.node.tryGetContext(TESSDATA_CONTEXT) as string | undefined;
    const tessdata = resolveLangPath(props.tessdata ?? context);
    this.layer = new LayerVersion(this, 'Layer', {
      description: `OCR for the confidentiality review: tesseract.js and ${OCR_LANGUAGES.join('+')} language data`,
      compatibleRuntimes: [Runtime.NODEJS_22_X],
      compatibleArchitectures: [Architecture.ARM_64, Architecture.X86_64],
      code: Code.fromAsset(fromRoot('shared/review/ocr'), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local bundling below always builds the layer or fails.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
          local: {
            tryBundle(outputDir) {
              buildOcrLayer(outputDir, tessdata);
              return true;
            },
          },
        },
      }),
    });
  }
}

/** The packages the layer holds, and which of their files (all, when not listed). */
const SHIPPED: Readonly<Record<string, (file: string) => boolean>> = {
  'tesseract.js': (file) => file === 'package.json' || file.startsWith('LICENSE') || file === 'src',
  // LSTM-only cores: the engine runs the LSTM models (OEM 1) that Debian's tessdata_fast holds.
  'tesseract.js-core': (file) =>
    file === 'package.json' || file === 'LICENSE' || file === 'index.js' || /-lstm\.(js|wasm)$/.test(file),
  unpdf: (file) => file === 'package.json' || file === 'LICENSE' || file === 'dist',
};

/** Type declarations are for the compiler: unpdf's are 0.6 MB. */
const notTypes = (path: string) => !/\.d\.[cm]?ts$/.test(path);

/**
 * Not needed in Node: a postinstall banner, the browser's IndexedDB cache and gunzip (Node's zlib
 * is used), and fetch (Node 22 has its own; nothing is fetched anyway).
 */
const LEFT_OUT = new Set(['opencollective-postinstall', 'idb-keyval', 'zlibjs', 'node-fetch']);

/** Writes the layer into `outputDir`: nodejs/node_modules/… and tessdata/*.traineddata. */
export function buildOcrLayer(outputDir: string, tessdata: string): void {
  const data = checkTessdata(tessdata);
  if (!data.available) throw new Error(`the OCR layer cannot be built: ${data.reason}`);
  mkdirSync(join(outputDir, 'tessdata'), { recursive: true });
  for (const language of OCR_LANGUAGES) {
    cpSync(join(tessdata, `${language}.traineddata`), join(outputDir, 'tessdata', `${language}.traineddata`));
  }

  const modules = fromRoot('node_modules');
  const target = join(outputDir, 'nodejs', 'node_modules');
  const copied = new Set<string>();
  const copy = (name: string, from: string) => {
    // Node's lookup: the package's own node_modules first, then the ones above it.
    let dir = from;
    let found: string | undefined;
    for (;;) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        found = candidate;
        break;
      }
      if (dir === fromRoot() || dirname(dir) === dir) break;
      dir = dirname(dir);
    }
    if (!found) throw new Error(`the OCR layer cannot be built: ${name} is not installed (npm ci)`);
    const relative = found.slice(modules.length + 1);
    if (copied.has(relative)) return;
    copied.add(relative);
    const keep = SHIPPED[name];
    mkdirSync(join(target, relative), { recursive: true });
    for (const file of readdirSync(found)) {
      if (file === 'node_modules' || (keep && !keep(file))) continue;
      cpSync(join(found, file), join(target, relative, file), { recursive: true, filter: notTypes });
    }
    const manifest = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (!LEFT_OUT.has(dependency)) copy(dependency, found);
    }
  };
  copy('tesseract.js', fromRoot());
  copy('unpdf', fromRoot());
  // The scans' decoders (shared/review/ocr/pixels.ts), loaded only when an image is read.
  copy('pngjs', fromRoot());
  copy('jpeg-js', fromRoot());
}
