import { describe, expect, it } from 'vitest';
import { PresenterState } from './presenter.svelte.ts';

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe('the presenter view', () => {
  it('is off at first, and the toggle is remembered on the device', () => {
    const storage = memory();
    const first = new PresenterState(storage);
    expect(first.on).toBe(false);
    first.toggle();
    expect(first.on).toBe(true);
    expect(new PresenterState(storage).on).toBe(true);
    first.toggle();
    expect(new PresenterState(storage).on).toBe(false);
  });

  it('still switches where storage is refused', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const view = new PresenterState(refusing);
    expect(view.on).toBe(false);
    view.toggle();
    expect(view.on).toBe(true);
  });
});
