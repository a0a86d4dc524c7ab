/**
 * The headers that keep a published file from running code on the dashboard's origin, and the
 * dashboard's own Content-Security-Policy: one definition for CloudFront (infra/constructs/hosting.ts)
 * and the local server (infra/local/http.ts).
 */

/** Public copies: never sniffed into something executable, never able to script (sandbox). */
export const PUBLIC_COPY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'referrer-policy': 'no-referrer',
} as const;

/**
 * The dashboard: scripts only from its own origin. `connectOrigins` are where the browser PUTs
 * uploads (the intake bucket's presigned URLs); inline style attributes are what React and recharts
 * render, scripts are never inline.
 */
export function dashboardCsp(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectOrigins.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}
