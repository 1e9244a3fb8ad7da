/**
 * For a test file (vitest): the stand-in hub runs from before its first test until after its last.
 * (Apart from tiny-hub.ts, which the eval script also imports, outside vitest.)
 */
import { afterAll, beforeAll } from 'vitest';
import type { HubServer } from '../../scripts/tiny-models/hub-server.ts';
import { startTinyHub } from './tiny-hub.ts';

export function useTinyHub(): Pick<HubServer, 'requests'> {
  let hub: HubServer | null = null;
  beforeAll(async () => {
    hub = await startTinyHub();
  });
  afterAll(() => hub?.close());
  return {
    get requests() {
      if (!hub) throw new Error('the tiny hub is not running (outside the tests?)');
      return hub.requests;
    },
  };
}
