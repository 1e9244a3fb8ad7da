/**
 * `p`, or null once `ms` have passed (the timer is cleared either way): the one timeout the app uses,
 * for words and voice that may come late, a sentence judge that may hang, a clip that may never load.
 */
export function orNull<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
