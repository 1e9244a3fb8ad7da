/**
 * Microphone capture on the audio thread: downmix and resample to 16 kHz,
 * cut 512-sample chunks and transfer them straight to the audio worker
 * through a MessagePort (the page's main thread never touches samples), and
 * report the input level about twenty times a second.
 */
import { Resampler } from '../core/audio/resample.ts';

declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;

/** One render quantum of silence: what an ended or disconnected input counts as. */
const SILENCE = [new Float32Array(128)];

class CaptureProcessor extends AudioWorkletProcessor {
  readonly #resampler = new Resampler(sampleRate);
  #worker: MessagePort | null = null;
  #sum = 0;
  #count = 0;
  #peak = 0;

  constructor() {
    super();
    this.port.onmessage = (e: MessageEvent<{ type: 'connect'; port: MessagePort }>) => {
      if (e.data.type === 'connect') this.#worker = e.data.port;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    // An input with no channels (its track ended: a clip finished, a microphone unplugged) is silence,
    // so voice activity still sees the end of an utterance that was under way.
    const input = inputs[0] && inputs[0].length > 0 && inputs[0][0] ? inputs[0] : SILENCE;
    for (const s of input[0]!) {
      this.#sum += s * s;
      this.#peak = Math.max(this.#peak, Math.abs(s));
    }
    this.#count += input[0]!.length;
    if (this.#count >= sampleRate / 20) {
      const rms = Math.sqrt(this.#sum / this.#count);
      this.port.postMessage({
        type: 'level',
        db: rms > 1e-5 ? 20 * Math.log10(rms) : -100,
        clipping: this.#peak >= 0.999,
      });
      this.#sum = 0;
      this.#count = 0;
      this.#peak = 0;
    }
    for (const chunk of this.#resampler.push(input)) this.#worker?.postMessage(chunk, [chunk.buffer]);
    return true;
  }
}

registerProcessor('attend-first-capture', CaptureProcessor);
