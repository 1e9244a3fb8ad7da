/**
 * What the CSP tests share: a second local origin that answers any fetch (CORS and CORP allow it, so only
 * the page's CSP can refuse it), and a fetch to it from the page that records the violation events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );
}

/** A local origin that answers every request with "answered"; `close` stops it. */
export async function answeringOrigin(): Promise<{ url: string; close: () => void }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/plain',
    });
    res.end('answered');
  });
  return { url: await listen(server), close: () => server.close() };
}

/** Fetches `url` from the page: its answer (or "refused: …") and the CSP violations the page reported meanwhile. */
export function fetchFromPage(page: Page, url: string): Promise<{ outcome: string; violations: string[] }> {
  return page.evaluate(async (u) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const outcome = await fetch(u).then(
      (r) => r.text(),
      (e: unknown) => `refused: ${String(e)}`,
    );
    await new Promise((r) => setTimeout(r, 50));
    return { outcome, violations };
  }, url);
}
