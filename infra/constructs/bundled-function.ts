import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Stage } from 'aws-cdk-lib';
import { Architecture, Code, type FunctionProps, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { type BuiltBundle, buildBundles, type LambdaEntry, SOURCE_MAPS_CONTEXT } from '../bundling';
import { fromRoot } from '../paths';

export interface BundledFunctionProps extends Omit<FunctionProps, 'code' | 'handler' | 'runtime' | 'architecture'> {
  /** functions/lambda/<entry>.ts */
  readonly entry: LambdaEntry;
}

/**
 * A Lambda function of this repository: Node.js 22 on ARM, its code the bundle of
 * functions/lambda/<entry>.ts (../bundling.ts). All bundles come from one esbuild run per synth;
 * a stack synthesized without bundling (tests, the local runtime's ASL) builds none.
 */
export class BundledFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    const { entry, environment, ...rest } = props;
    const sourceMaps = sourceMapsOf(scope);
    // Built beside the cloud assembly (cdk.out/.bundles): build output, removed with it.
    const buildDir = join(Stage.of(scope)?.outdir ?? 'cdk.out', sourceMaps ? '.bundles-with-maps' : '.bundles');
    super(scope, id, {
      ...rest,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      code: Code.fromAsset(fromRoot('functions/lambda'), {
        // The bundle's bytes are the asset: a change anywhere it imports from changes the hash.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local bundling below always builds the bundle or fails.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
          // Every function stages from the same folder, and the CDK caches staging by source and
          // options: the entry keeps their assets apart.
          environment: { GONGKAI_LAMBDA_ENTRY: entry, GONGKAI_SOURCE_MAPS: String(sourceMaps) },
          local: {
            tryBundle(outputDir) {
              cpSync(bundleOf(entry, buildDir, sourceMaps).dir, outputDir, { recursive: true });
              return true;
            },
          },
        },
      }),
      environment: {
        ...environment,
        // Node reads the maps only when told to; without them no map is shipped.
        ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      },
    });
  }
}

/** `-c sourceMaps=true` (or a boolean in tests' context). */
function sourceMapsOf(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext(SOURCE_MAPS_CONTEXT);
  return value === true || value === 'true';
}

/** The synth's bundles, by folder: built on the first function that needs one. */
const built = new Map<string, Map<LambdaEntry, BuiltBundle>>();

function bundleOf(entry: LambdaEntry, buildDir: string, sourceMaps: boolean): BuiltBundle {
  let bundles = built.get(buildDir);
  if (!bundles) {
    // Nothing of an earlier synth's: a bundle is what this one built.
    rmSync(buildDir, { recursive: true, force: true });
    bundles = new Map(buildBundles(buildDir, { sourceMaps }).map((b) => [b.entry, b]));
    built.set(buildDir, bundles);
  }
  const bundle = bundles.get(entry);
  if (!bundle) throw new Error(`no bundle was built for functions/lambda/${entry}.ts`);
  return bundle;
}
