/**
 * CPU time from a Chromium trace: the share of one core a worker thread used between two marks the page
 * made with `console.timeStamp`. The trace's top-level tasks carry their thread (CPU) time as `tdur`; a
 * task nested in another is counted once, in its parent.
 */

export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly cat?: string;
  readonly args?: { readonly name?: string; readonly data?: { readonly message?: string } };
}

export interface ThreadCpu {
  readonly thread: string;
  /** CPU time of the thread's top-level tasks in the window ÷ the window's wall time. */
  readonly share: number;
  readonly cpuMs: number;
  readonly windowMs: number;
}

/** The `console.timeStamp(label)` event's time (µs), or an error naming the label when the trace has none. */
function markAt(events: readonly TraceEvent[], label: string): number {
  const mark = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === label);
  if (!mark) throw new Error(`the trace has no console.timeStamp('${label}')`);
  return mark.ts;
}

/**
 * Each thread whose name matches `thread` (e.g. /DedicatedWorker/), with the CPU time of its top-level tasks
 * that started between the two marks, busiest first.
 */
export function threadCpuShares(
  events: readonly TraceEvent[],
  thread: RegExp,
  start: string,
  end: string,
): ThreadCpu[] {
  const from = markAt(events, start);
  const to = markAt(events, end);
  if (!(to > from)) throw new Error(`'${end}' is not after '${start}' in the trace`);
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur === undefined || e.dur === undefined || !(e.cat ?? '').split(',').includes('toplevel'))
      continue;
    if (e.ts < from || e.ts >= to) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!thread.test(names.get(key) ?? '')) continue;
    const tasks = byThread.get(key);
    if (tasks) tasks.push(e);
    else byThread.set(key, [e]);
  }
  const windowMs = (to - from) / 1000;
  const out: ThreadCpu[] = [];
  for (const [key, tasks] of byThread) {
    tasks.sort((a, b) => a.ts - b.ts);
    let cpu = 0;
    let until = -Infinity;
    for (const t of tasks) {
      if (t.ts < until) continue; // nested in the task before it: already counted there
      cpu += t.tdur!;
      until = t.ts + t.dur!;
    }
    out.push({ thread: `${names.get(key)} (${key})`, share: cpu / 1000 / windowMs, cpuMs: cpu / 1000, windowMs });
  }
  return out.sort((a, b) => b.share - a.share);
}
