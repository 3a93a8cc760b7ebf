import { describe, expect, it } from 'vitest';

import { levelFraction } from '../components/LevelMeter';
import { currentWord } from '../components/Replay';
import { conceptByWord } from '../components/TranscriptView';
import { clock, clockTenths, megabytes, modeLabel } from '../lib/format';
import { activatesOnSpace, inTextField } from '../lib/keys';
import { byWeakness } from '../lib/weakest';
import * as f from './fixtures';

describe('format', () => {
  it('shows moments and durations as m:ss, positions to the tenth', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(12.9)).toBe('0:12');
    expect(clock(65)).toBe('1:05');
    expect(clockTenths(1.4)).toBe('0:01.4');
    expect(clockTenths(59.99)).toBe('0:59.9');
    expect(clockTenths(-3)).toBe('0:00.0');
  });

  it('shows sizes in MB and modes in words', () => {
    expect(megabytes(77_700_000)).toBe('77.7');
    expect(megabytes(147_900_000)).toBe('148');
    expect(modeLabel('weak-spots')).toBe('Weak spots');
    expect(modeLabel('something-new')).toBe('something-new');
  });
});

describe('keys', () => {
  it('knows text fields from buttons', () => {
    const text = document.createElement('input');
    const radio = document.createElement('input');
    radio.type = 'radio';
    const button = document.createElement('button');
    expect(inTextField(text)).toBe(true);
    expect(inTextField(document.createElement('textarea'))).toBe(true);
    expect(inTextField(radio)).toBe(false);
    expect(inTextField(button)).toBe(false);
    expect(activatesOnSpace(button)).toBe(true);
    expect(activatesOnSpace(document.body)).toBe(false);
  });
});

describe('weakest first', () => {
  it('puts never-answered questions first, then the lowest latest score', () => {
    expect(byWeakness(f.deck.questions, f.progress).map((q) => q.id)).toEqual([
      'decorators',
      'gil',
      'closures',
    ]);
    expect(byWeakness(f.deck.questions, []).map((q) => q.id)).toEqual([
      'gil',
      'closures',
      'decorators',
    ]);
  });
});

describe('transcript helpers', () => {
  it('maps matched word ranges to their concept', () => {
    const m = conceptByWord(f.assessment.concepts);
    expect(m.get(2)).toEqual({ concept: 'global interpreter lock', wrong: false });
    expect([6, 7, 8, 9, 10].map((i) => m.get(i)?.concept)).toEqual(
      Array(5).fill('one thread at a time'),
    );
    expect(m.has(0)).toBe(false);
    expect(m.has(11)).toBe(false);
  });

  it('marks the words of a wrong claim as wrong', () => {
    const [gil, , mp] = f.assessment.concepts;
    const wrong = {
      ...mp,
      verdict: 'misconception' as const,
      misconception: {
        kind: 'opposite' as const,
        how: 'said the opposite',
        heard: 'never',
        words: [11, 12] as [number, number],
        start_s: 14,
        end_s: 15,
        truth: 't',
      },
    };
    const m = conceptByWord([gil, wrong]);
    expect(m.get(12)).toEqual({ concept: 'multiprocessing', wrong: true });
    expect(m.get(2)?.wrong).toBe(false);
  });

  it('finds the word being heard, preferring the one that starts at a boundary', () => {
    expect(currentWord(f.words, 1.3)).toBe(2);
    expect(currentWord(f.words, 1.2)).toBe(2);
    expect(currentWord(f.words, 1.9)).toBe(-1);
    expect(currentWord([{ word: 'typed', start: null, end: null }], 0)).toBe(-1);
  });

  it('maps dBFS onto the level meter', () => {
    expect(levelFraction(-60)).toBe(0);
    expect(levelFraction(-30)).toBe(0.5);
    expect(levelFraction(0)).toBe(1);
    expect(levelFraction(-Infinity)).toBe(0);
    expect(levelFraction(6)).toBe(1);
  });
});
