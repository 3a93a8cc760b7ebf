import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

// jsdom has no speech synthesis: a recording fake, so tests can assert what was spoken.
export interface FakeUtterance {
  text: string;
  rate: number;
  voice: SpeechSynthesisVoice | null;
  lang: string;
}

class Utterance implements FakeUtterance {
  text: string;
  rate = 1;
  voice: SpeechSynthesisVoice | null = null;
  lang = '';
  constructor(text: string) {
    this.text = text;
  }
}

export const spoken: FakeUtterance[] = [];

export const fakeVoices = [
  {
    name: 'English (America)',
    lang: 'en-US',
    voiceURI: 'en-us',
    default: true,
    localService: true,
  },
  {
    name: 'English (Great Britain)',
    lang: 'en-GB',
    voiceURI: 'en-gb',
    default: false,
    localService: true,
  },
] as unknown as SpeechSynthesisVoice[];

export const speechSynthesisMock = {
  speak: vi.fn((u: FakeUtterance) => {
    spoken.push(u);
  }),
  cancel: vi.fn(),
  getVoices: vi.fn(() => fakeVoices),
  addEventListener: vi.fn(),
  removeEventListener: vi.fn(),
};

Object.defineProperty(window, 'speechSynthesis', { value: speechSynthesisMock, writable: true });
Object.defineProperty(globalThis, 'SpeechSynthesisUtterance', { value: Utterance, writable: true });

beforeEach(() => {
  spoken.length = 0;
  speechSynthesisMock.speak.mockClear();
  speechSynthesisMock.cancel.mockClear();
});

afterEach(() => {
  cleanup();
});

export function lastSpoken(): FakeUtterance | undefined {
  return spoken[spoken.length - 1];
}
