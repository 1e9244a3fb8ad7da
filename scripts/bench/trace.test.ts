import { describe, expect, it } from 'vitest';
import { threadCpuShares, type TraceEvent } from './trace.ts';

const meta = (tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  pid: 1,
  tid,
  ts: 0,
  args: { name },
});
const mark = (ts: number, message: string): TraceEvent => ({
  name: 'TimeStamp',
  ph: 'I',
  pid: 1,
  tid: 1,
  ts,
  args: { data: { message } },
});
const task = (tid: number, ts: number, dur: number, tdur: number): TraceEvent => ({
  name: 'RunTask',
  ph: 'X',
  cat: 'toplevel',
  pid: 1,
  tid,
  ts,
  dur,
  tdur,
});

describe('threadCpuShares', () => {
  it("counts a worker's top-level CPU time between the marks, nested tasks once, and ignores other threads", () => {
    const events = [
      meta(1, 'CrRendererMain'),
      meta(7, 'DedicatedWorker thread'),
      meta(8, 'DedicatedWorker thread'),
      task(7, 500, 400_000, 400_000), // before the window: warm-up
      mark(1_000_000, 'start'),
      task(7, 1_100_000, 300_000, 250_000),
      task(7, 1_150_000, 50_000, 50_000), // nested in the one above
      task(7, 1_600_000, 200_000, 150_000),
      task(8, 1_200_000, 100_000, 100_000),
      task(1, 1_200_000, 900_000, 900_000), // the page's main thread
      mark(3_000_000, 'end'),
      task(7, 3_100_000, 300_000, 300_000), // after the window
    ];
    const [busiest, other] = threadCpuShares(events, /DedicatedWorker/, 'start', 'end');
    expect(busiest).toMatchObject({ cpuMs: 400, windowMs: 2000, share: 0.2 });
    expect(busiest!.thread).toContain('1:7');
    expect(other).toMatchObject({ cpuMs: 100, share: 0.05 });
  });

  it('says which mark is missing', () => {
    expect(() => threadCpuShares([mark(1, 'start')], /x/, 'start', 'end')).toThrow(
      "the trace has no console.timeStamp('end')",
    );
  });
});
