import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { runtimePorts } from '../../infra/local/ports';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime';

/**
 * What every browser test needs: the real local runtime on free ports (its OpenID provider on
 * another one), Debian's Chromium through playwright-core, and signing in and out the way a person
 * does — the dashboard sends the browser to the provider's page, one click on a person, back with a
 * code (authorization code + PKCE); sign-out ends the provider's session too.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHOTS = join(ROOT, 'test-output', 'screenshots');
export const WAIT = { timeout: 60_000 };

/** The runtime serves dashboard/dist only if it exists when it starts. */
function ensureDashboardBuilt(): void {
  if (existsSync(join(ROOT, 'dashboard', 'dist', 'index.html'))) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', 'dashboard/vite.config.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`dashboard build failed (exit ${build.status})`);
}

export interface BrowserWorld {
  readonly runtime: LocalRuntime;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** A runtime with its data in a fresh directory, and a headless Chromium with a fresh profile. */
export async function startBrowserWorld(options: Pick<LocalRuntimeOptions, 'demoHistory'> = {}): Promise<BrowserWorld> {
  ensureDashboardBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-e2e-data-'));
  const profile = mkdtempSync(join(tmpdir(), 'gongkai-e2e-chromium-'));
  const remove = () => {
    for (const dir of [dataDir, profile]) rmSync(dir, { recursive: true, force: true });
  };
  let runtime: LocalRuntime | undefined;
  try {
    runtime = await startLocalRuntime({ ...options, ...(await runtimePorts()), dataDir });
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const started = runtime;
    return {
      runtime: started,
      context,
      page,
      async close() {
        await context.close();
        await started.stop();
        remove();
      },
    };
  } catch (err) {
    await runtime?.stop();
    remove();
    throw err;
  }
}

/**
 * Signed out everywhere, whatever a test before left behind: the provider's session cookie is
 * gone, and so is the dashboard tab's state (its sign-in marker, the chosen language).
 */
export async function signedOutEverywhere(world: BrowserWorld): Promise<void> {
  await world.context.clearCookies();
  // On /api/health: a JSON response, outside the dashboard's CSP (which forbids evaluated strings).
  await world.page.goto(`${world.runtime.url}/api/health`);
  await world.page.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
}

/** Through the provider's page: /signin sends the browser there; one click on the person signs in. */
export async function signIn(world: BrowserWorld, user: string): Promise<void> {
  const { page, runtime } = world;
  await page.goto(`${runtime.url}/signin`);
  await page.locator(`button[data-user="${user}"]`).click(WAIT);
  await page.getByTestId('current-user').waitFor(WAIT);
}

/** The dashboard's 退出: signed out here and at the provider, which returns to /signed-out. */
export async function signOut(world: BrowserWorld): Promise<void> {
  await world.page.getByRole('button', { name: '退出' }).click();
  await world.page.getByTestId('signed-out').waitFor(WAIT);
}
