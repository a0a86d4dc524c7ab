import { WALKTHROUGH } from './demo/district';
import { startLocalRuntime } from './runtime';

/** `npm start`: the whole pipeline on this machine, with the demo district. */
const port = Number(process.env.PORT ?? 3000);
const started = Date.now();
const runtime = await startLocalRuntime({
  port,
  log: (m) => console.log(m),
  // First start only: two years of documents through the real pipeline (about a minute).
  demoHistory: {
    annualReports: true,
    onProgress: (done, total) => {
      if (done === 1) console.log('first start: running two years of demo documents through the pipeline…');
      if (done % 15 === 0 || done === total) console.log(`  demo history ${done}/${total} documents`);
    },
  },
}).catch((err: unknown) => {
  console.error(`gongkai could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
console.log(`
gongkai is running — 公开 本地运行 (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  Dashboard + API:  ${runtime.url}
  Public catalogue: ${runtime.url}/catalog
  Sign-in provider: ${runtime.oidc.issuer} (OpenID Connect, the demo people)
  Data:             .data/ (kept across restarts${runtime.resumed ? `; resumed ${runtime.resumed} document(s) mid-flow` : ''}${runtime.demoDocuments ? `; ${runtime.demoDocuments} demo documents created` : ''})
${runtime.dashboardBuilt ? '' : '\n  (dashboard not built: run `npm run build:dashboard`; the API works without it)\n'}
Sign in: open the URL, 登录 takes you to the provider's page; one click on a demo user (选择演示用户), e.g.
  ${WALKTHROUGH.uploader} (uploader 上传员), ${WALKTHROUGH.leader} (leader 分管领导), ${WALKTHROUGH.reviewer} (reviewer 预审), ${WALKTHROUGH.oversight} (oversight 监督)
API: POST ${runtime.url}/api/dev/login {"user":"${WALKTHROUGH.uploader}"} → {"token"}; then Authorization: Bearer <token>

Stop with Ctrl+C.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping… (documents in flight resume on the next start)');
    await runtime.stop();
    process.exit(0);
  });
}
