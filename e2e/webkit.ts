/**
 * Debian's WebKitGTK (MiniBrowser, never a downloaded browser), driven over classic WebDriver by Debian's
 * WebKitWebDriver, on a virtual X display (Xvfb), with WebKit's mock camera and microphone. The few
 * WebDriver commands the smoke tests need are plain HTTP requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const MINIBROWSER = ['4.1', '4.0']
  .map((v) => `/usr/lib/x86_64-linux-gnu/webkit2gtk-${v}/MiniBrowser`)
  .find((p) => existsSync(p));

const DISPLAY = ':94';
const PORT = 4494;
const BASE = `http://127.0.0.1:${PORT}`;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value.error}: ${json.value.message}`);
  return json.value;
}

export interface WebKitSession {
  goto(url: string): Promise<void>;
  /** Runs `script` (a function body) in the page and returns its value. */
  run<T>(script: string): Promise<T>;
  /** Polls `script` until it returns true, or throws after `timeout` ms. */
  waitFor(script: string, timeout: number): Promise<void>;
  close(): Promise<void>;
}

async function reachable(): Promise<boolean> {
  try {
    await fetch(`${BASE}/status`);
    return true;
  } catch {
    return false;
  }
}

/** Starts Xvfb and WebKitWebDriver, then a MiniBrowser session with mock capture devices. */
export async function launchWebKit(): Promise<WebKitSession> {
  if (!MINIBROWSER) throw new Error('no MiniBrowser: apt-get install webkit2gtk-driver');
  const children: ChildProcess[] = [spawn('Xvfb', [DISPLAY, '-screen', '0', '1280x900x24'], { stdio: 'ignore' })];
  children.push(spawn('WebKitWebDriver', [`--port=${PORT}`], { stdio: 'ignore', env: { ...process.env, DISPLAY } }));
  const stop = () => children.forEach((c) => c.kill());
  try {
    for (let i = 0; i < 50 && !(await reachable()); i++) await new Promise((r) => setTimeout(r, 200));
    const { sessionId } = await call<{ sessionId: string }>('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': {
            binary: MINIBROWSER,
            // MiniBrowser takes WebKitSettings as flags: the mock camera and microphone, as Chromium's fake ones.
            args: ['--automation', '--enable-mock-capture-devices=true', '--enable-media-stream=true'],
          },
        },
      },
    });
    const at = `/session/${sessionId}`;
    const run = <T>(script: string) => call<T>('POST', `${at}/execute/sync`, { script, args: [] });
    return {
      goto: async (url) => void (await call('POST', `${at}/url`, { url })),
      run,
      async waitFor(script, timeout) {
        const until = Date.now() + timeout;
        while (!(await run<boolean>(script))) {
          if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for: ${script}`);
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      async close() {
        await call('DELETE', at).catch(() => undefined);
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}
