// The package ships JavaScript only; these are the parts of its Emscripten API that engines/builtin.ts uses.
declare module "@echogarden/espeak-ng-emscripten" {
  export type ESpeakNGWorker = {
    get_samplerate(): number;
    /** 0 on success; e.g. "en-us+f3" (language + voice variant). */
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): void;
    /** Calls back with 16-bit samples as they are made; return true to stop early. */
    synthesize(text: string, onSamples: (samples: Int16Array, events: unknown[]) => boolean): void;
    /** The text's phonemes in IPA, "_" between phonemes and a line per clause; punctuation is dropped. */
    synthesize_ipa(text: string): { code: number; ipa: string };
    __destroy__(): void;
  };
  type ESpeakModule = { eSpeakNGWorker: new () => ESpeakNGWorker };
  export default function createModule(options?: Record<string, unknown>): Promise<ESpeakModule>;
}
