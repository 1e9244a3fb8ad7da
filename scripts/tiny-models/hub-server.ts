/**
 * A local stand-in for the Hugging Face hub: answers
 * `/<owner>/<name>/resolve/<revision>/<path>` from the tiny family that
 * stands in for that id, and 404s everything else, as the hub does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { STAND_INS } from './stand-ins.ts';

export interface HubServer {
  readonly url: string;
  /** Paths requested so far (owner/name/resolve/rev/file). */
  readonly requests: string[];
  close(): Promise<void>;
}

export function resolveHubPath(fixtures: string, path: string): string | null {
  const match = /^\/?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return null;
  const family = STAND_INS[match[1] as string];
  if (!family) return null;
  const file = join(fixtures, family, match[3] as string);
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

export async function startHubServer(fixtures: string): Promise<HubServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    requests.push(path.replace(/^\//, ''));
    const file = resolveHubPath(fixtures, path);
    if (!file) {
      res.statusCode = 404;
      res.end('Entry not found');
      return;
    }
    const body = readFileSync(file);
    res.setHeader('content-length', body.byteLength);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
