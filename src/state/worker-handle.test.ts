import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerClosedError, WorkerHandle, workerLink, type WorkerLike } from './worker-handle.ts';

/** A worker played by a MessageChannel: the API is exposed on one port, the handle talks to the other. */
const api = {
  echo: (x: number) => x * 2,
  never: () => new Promise<number>(() => undefined),
};
type Api = typeof api;
const open: MessagePort[] = [];
const handles: WorkerHandle<Api>[] = [];

function fakeWorker(): WorkerLike & { crash(message: string): void; terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(api, port2);
  open.push(port1, port2);
  const worker = Object.assign(port1 as unknown as WorkerLike, {
    terminated: false,
    terminate() {
      worker.terminated = true;
      port1.close();
      port2.close();
    },
    crash(message: string) {
      const e = new Event('error', { cancelable: true }) as Event & { message: string };
      e.message = message;
      port1.dispatchEvent(e);
    },
  });
  return worker;
}

/** A handle on fake workers: every worker it spawns (newest last) and every crash it reported. */
function handleOnFakes(name: string) {
  const made: ReturnType<typeof fakeWorker>[] = [];
  const crashes: string[] = [];
  const spawn = () => {
    const w = fakeWorker();
    made.push(w);
    return w;
  };
  const handle = new WorkerHandle<Api>(name, spawn, (m) => crashes.push(m));
  handles.push(handle);
  return { made, crashes, handle };
}

afterEach(() => {
  for (const h of handles.splice(0)) h.close();
  for (const p of open.splice(0)) p.close();
});

describe('WorkerHandle', () => {
  it('spawns on first use, calls through, and keeps one worker', async () => {
    const { made, handle } = handleOnFakes('test');
    expect(handle.running).toBe(false);
    expect(await handle.call((a) => a.echo(21))).toBe(42);
    expect(await handle.call((a) => a.echo(2))).toBe(4);
    expect(made.length).toBe(1);
  });

  it('a crash rejects every call in flight at once, reports the message, and the next call starts a new worker', async () => {
    const { made, crashes, handle } = handleOnFakes('vision');
    const a = handle.call((x) => x.never());
    const b = handle.call((x) => x.never());
    await new Promise((r) => setTimeout(r, 10));
    made[0]!.crash('out of memory');
    await expect(a).rejects.toThrow(WorkerClosedError);
    await expect(b).rejects.toThrow('the vision worker stopped unexpectedly (out of memory)');
    expect(crashes).toEqual(['out of memory']);
    expect(made[0]!.terminated).toBe(true);
    expect(handle.running).toBe(false);
    expect(await handle.call((x) => x.echo(5))).toBe(10);
    expect(made.length).toBe(2);
  });

  it('close rejects what is in flight with the reason given, and a late crash of the old worker is ignored', async () => {
    const { made, crashes, handle } = handleOnFakes('hub');
    const pending = handle.call((x) => x.never());
    handle.close('the tier changed');
    await expect(pending).rejects.toThrow('the tier changed');
    made[0]!.crash('late');
    expect(crashes).toEqual([]);
  });
});

describe('workerLink', () => {
  it('tracks its calls (a crash rejects one in flight); once its worker is gone it rejects, spawning none', async () => {
    const { made, handle } = handleOnFakes('vision');
    expect(workerLink<Api>(handle)).toBeNull();
    handle.spawn();
    const link = workerLink<Api>(handle)!;
    expect(await link.call((a) => a.echo(4))).toBe(8);
    expect(workerLink<Api>(handle)!.key === link.key).toBe(true);
    const hanging = link.call((a) => a.never());
    made[0]!.crash('boom');
    await expect(hanging).rejects.toBeInstanceOf(WorkerClosedError);
    await expect(link.call((a) => a.echo(1))).rejects.toBeInstanceOf(WorkerClosedError);
    expect(made.length).toBe(1);
    // A new worker, a new link with a new key.
    handle.spawn();
    const next = workerLink<Api>(handle)!;
    expect(next.key === link.key).toBe(false);
    expect(await next.call((a) => a.echo(5))).toBe(10);
  });
});
