/**
 * The presenter view, for a projected screen: larger type, and only the video, the three cards, the MI
 * panel and the explanation (the browser's details, storage and the timeline folded away). A toggle,
 * remembered on this device.
 */
const KEY = 'attend-first:presenter';

export class PresenterState {
  on: boolean = $state(false);

  constructor(readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null) {
    try {
      this.on = storage?.getItem(KEY) === '1';
    } catch {
      // Storage refused (a privacy setting): the view starts off.
    }
  }

  toggle(): void {
    this.on = !this.on;
    try {
      this.storage?.setItem(KEY, this.on ? '1' : '0');
    } catch {
      // Not remembered, still switched.
    }
  }
}
