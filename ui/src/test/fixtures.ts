// Realistic data shaped exactly like the generated bindings, for component tests.
import type { Agenda } from '../bindings/Agenda';
import type { Comparison } from '../bindings/Comparison';
import type { AnswerResult } from '../bindings/AnswerResult';
import type { AppStatus } from '../bindings/AppStatus';
import type { Assessment } from '../bindings/Assessment';
import type { Attempt } from '../bindings/Attempt';
import type { CatalogModel } from '../bindings/CatalogModel';
import type { Deck } from '../bindings/Deck';
import type { DeckSummary } from '../bindings/DeckSummary';
import type { DeliveryMetrics } from '../bindings/DeliveryMetrics';
import type { Question } from '../bindings/Question';
import type { QuestionProgress } from '../bindings/QuestionProgress';
import type { Session } from '../bindings/Session';
import type { SessionPlan } from '../bindings/SessionPlan';
import type { SessionSummary } from '../bindings/SessionSummary';
import type { FollowUp } from '../bindings/FollowUp';
import type { Settings } from '../bindings/Settings';
import type { Word } from '../bindings/Word';

export const settings: Settings = {
  microphone: null,
  voice: null,
  rate: 1,
  auto_stop_s: 3,
  max_answer_s: 180,
  pace_wpm: [130, 160],
  thinking_s: 0,
  new_per_day: 5,
  follow_ups: 'mock',
};

export function status(over: Partial<AppStatus> = {}): AppStatus {
  return {
    data_dir: '/home/ada/.local/share/viva',
    models: [{ name: 'tiny.en', path: '/m/tiny.en.bin', size: 77_700_000, default: true }],
    default_model: 'tiny.en',
    microphone: { available: true, name: 'Built-in Microphone', problem: null },
    settings,
    // As viva-practice's settings::LIMITS.
    limits: {
      rate: { min: 0.5, max: 2, step: 0.05 },
      auto_stop_s: { min: 0, max: 30, step: 0.5 },
      max_answer_s: { min: 10, max: 600, step: 10 },
      pace_wpm: { min: 40, max: 300, step: 5 },
      thinking_s: { min: 0, max: 120, step: 1 },
      new_per_day: { min: 0, max: 50, step: 1 },
    },
    first_run: false,
    deck_problems: [],
    ...over,
  };
}

export const firstRunStatus = status({
  models: [],
  default_model: null,
  first_run: true,
});

export const gil: Question = {
  id: 'gil',
  category: 'Concurrency',
  prompt: 'What is the GIL and how does it affect threads?',
  model_answer:
    'The global interpreter lock lets only one thread run Python bytecode at a time, so CPU-bound threads do not run in parallel.',
  code: { language: 'python', source: 'import threading\nthreading.Thread(target=work).start()' },
  concepts: [
    { name: 'global interpreter lock', aliases: ['GIL'], weight: 1 },
    { name: 'one thread at a time', aliases: [], weight: 1 },
    { name: 'multiprocessing', aliases: [], weight: 1 },
  ],
  target_seconds: [30, 90],
};

export const closures: Question = {
  id: 'closures',
  category: 'Functions',
  prompt: 'What is a closure in Python?',
  model_answer: 'A function that remembers variables from the scope it was defined in.',
  code: null,
  concepts: [{ name: 'enclosing scope', aliases: [], weight: 1 }],
  target_seconds: null,
};

export const decorators: Question = {
  id: 'decorators',
  category: 'Functions',
  prompt: 'How do decorators work?',
  model_answer: 'A decorator takes a function and returns a new one.',
  code: null,
  concepts: [{ name: 'wraps a function', aliases: [], weight: 1 }],
  target_seconds: null,
};

export const deck: Deck = {
  id: 'python-interview',
  title: 'Python interview',
  description: 'Classic Python questions',
  language: 'en',
  questions: [gil, closures, decorators],
};

export const deckSummary: DeckSummary = {
  id: 'python-interview',
  title: 'Python interview',
  description: 'Classic Python questions',
  categories: ['Concurrency', 'Functions'],
  question_count: 3,
  built_in: true,
};

// gil and closures answered; decorators never answered, so it is the weakest.
export const progress: QuestionProgress[] = [
  {
    question_id: 'gil',
    prompt: gil.prompt,
    category: gil.category,
    points: [
      { attempt_id: 1, session_id: 10, created_at: '2026-11-20T10:00:00Z', score: 33 },
      { attempt_id: 7, session_id: 12, created_at: '2026-11-24T10:00:00Z', score: 67 },
    ],
    due_in: 'tomorrow',
  },
  {
    question_id: 'closures',
    prompt: closures.prompt,
    category: closures.category,
    points: [{ attempt_id: 2, session_id: 10, created_at: '2026-11-20T10:05:00Z', score: 100 }],
    due_in: 'in 2 weeks',
  },
];

// gil failed yesterday; closures answered well; decorators new.
export const agenda: Agenda = {
  due: ['gil'],
  new: ['decorators'],
  next_due: 1_796_000_000,
  next_due_in: 'in 2 weeks',
};

export function plan(questions: Question[] = [gil, closures]): SessionPlan {
  return { session_id: 12, deck_id: 'python-interview', mode: 'mock', questions };
}

const t = (word: string, start: number, end: number): Word => ({ word, start, end, p: 0.9 });

// "So the GIL um means only one thread at a time runs bytecode"
export const words: Word[] = [
  t('So', 0.8, 1.0),
  t('the', 1.0, 1.2),
  t('GIL', 1.2, 1.6),
  t('um', 2.0, 2.3),
  t('means', 2.5, 2.8),
  t('only', 2.8, 3.1),
  t('one', 12.0, 12.2),
  t('thread', 12.2, 12.5),
  t('at', 12.5, 12.6),
  t('a', 12.6, 12.7),
  t('time', 12.7, 13.0),
  t('runs', 13.0, 13.3),
  t('bytecode', 13.3, 14.0),
];

export const metrics: DeliveryMetrics = {
  word_count: 13,
  duration_s: 15,
  speaking_s: 13.2,
  words_per_minute: 59.1,
  pace: 'below',
  fillers: { count: 1, per_minute: 4.5, share: 0.08, by_kind: [{ text: 'um', count: 1 }] },
  hedges: [],
  time_to_first_word_s: 0.8,
  longest_pause_s: 8.9,
  long_pauses: [{ start_s: 3.1, duration_s: 8.9, before_word: 6 }],
  repeated_words: [],
  target_seconds: [30, 90],
  length: 'below',
  // As viva-core's `measures` writes them for the figures above.
  measures: [
    { name: 'Pace', value: '59 wpm', target: '130–160 wpm', verdict: 'warn', note: 'slow' },
    {
      name: 'Filler words',
      value: '1 (4.5 per minute)',
      target: '≤ 4 per minute',
      verdict: 'warn',
      note: 'um ×1',
    },
    { name: 'Pauses', value: 'longest 8.9 s, 1 long', target: 'none over 2 s', verdict: 'warn' },
    { name: 'Time to first word', value: '0.8 s', target: '≤ 3 s', verdict: 'good' },
    { name: 'Length', value: '13 s', target: '30–90 s', verdict: 'warn', note: 'short' },
  ],
};

export const assessment: Assessment = {
  question_id: 'gil',
  score: 67,
  concepts: [
    {
      name: 'global interpreter lock',
      weight: 1,
      matched: true,
      kind: 'alias',
      similarity: 1,
      form: 'GIL',
      heard: 'GIL',
      words: [2, 2],
      start_s: 1.2,
      end_s: 1.6,
    },
    {
      name: 'one thread at a time',
      weight: 1,
      matched: true,
      kind: 'exact',
      similarity: 1,
      form: 'one thread at a time',
      heard: 'one thread at a time',
      words: [6, 10],
      start_s: 12.0,
      end_s: 13.0,
    },
    {
      name: 'multiprocessing',
      weight: 1,
      matched: false,
      kind: null,
      similarity: null,
      form: null,
      heard: null,
      words: null,
      start_s: null,
      end_s: null,
    },
  ],
  metrics,
  tips: [
    'Mention "multiprocessing": a strong answer covers it.',
    'Slow down less: aim for 130–160 words per minute.',
  ],
};

export const answerResult: AnswerResult = {
  session_id: 12,
  attempt_id: 7,
  question: gil,
  transcript: { words, duration_s: 15, model: 'tiny.en' },
  assessment,
  audio_path: '/data/audio/7.wav',
  problem: null,
  next_review: {
    grade: { recall: 'hard', reason: 'score 67: about half of the answer' },
    due: '2026-11-27T10:00:00Z',
    due_in: 'in 3 days',
  },
  baseline: {
    answers: 6,
    usual: [
      { name: 'Pace', value: '138 wpm' },
      { name: 'Time to first word', value: '2.4 s' },
    ],
  },
  follow_up_question: null,
  follow_up: null,
};

/** The GIL answer's follow-up about CPU-bound code, answered and recovered. */
export const followUp: FollowUp = {
  probe: {
    concept: 'no speed-up for CPU-bound code',
    prompt: 'So what does that mean for CPU-bound code?',
  },
  transcript: {
    words: [
      { word: 'CPU', start: 1.0, end: 1.5 },
      { word: 'bound', start: 1.6, end: 2.0 },
      { word: 'code', start: 2.0, end: 2.4 },
      { word: 'gets', start: 2.4, end: 2.7 },
      { word: 'no', start: 2.7, end: 3.1 },
      { word: 'speed', start: 3.1, end: 3.4 },
      { word: 'up.', start: 3.4, end: 3.6 },
    ],
    duration_s: 5,
    model: 'tiny.en',
  },
  result: {
    name: 'no speed-up for CPU-bound code',
    weight: 2,
    matched: true,
    kind: 'alias',
    similarity: 1,
    form: 'cpu bound',
    heard: 'CPU bound',
    words: [0, 1],
    start_s: 1.0,
    end_s: 2.0,
    verdict: 'covered',
  },
  recovered: true,
  unprompted: 43,
  with_follow_up: 71,
};

export const typedResult: AnswerResult = {
  ...answerResult,
  attempt_id: 8,
  transcript: {
    words: words.map((w) => ({ word: w.word, start: null, end: null })),
    duration_s: null,
  },
  assessment: {
    ...assessment,
    metrics: {
      ...metrics,
      duration_s: null,
      speaking_s: null,
      words_per_minute: null,
      pace: null,
      fillers: { ...metrics.fillers, per_minute: null },
      time_to_first_word_s: null,
      longest_pause_s: null,
      long_pauses: [],
      length: null,
      measures: [
        { name: 'Pace', value: '—', target: '130–160 wpm', verdict: 'none' },
        {
          name: 'Filler words',
          value: '1',
          target: '≤ 4 per minute',
          verdict: 'none',
          note: 'um ×1',
        },
        { name: 'Pauses', value: '—', target: 'none over 2 s', verdict: 'none' },
        { name: 'Time to first word', value: '—', target: '≤ 3 s', verdict: 'none' },
      ],
    },
  },
  audio_path: null,
};

export const attempt: Attempt = {
  id: 7,
  session_id: 12,
  created_at: '2026-11-24T10:00:00Z',
  deck_id: 'python-interview',
  question: gil,
  transcript: answerResult.transcript,
  assessment,
  audio_path: '/data/audio/7.wav',
  model: 'tiny.en',
  status: 'complete',
  rescored: false,
  recall: 'hard',
  follow_up: null,
  follow_up_audio: null,
};

export const sessionSummaries: SessionSummary[] = [
  {
    id: 12,
    started_at: '2026-11-24T09:58:00Z',
    deck_id: 'python-interview',
    mode: 'mock',
    attempts: 2,
    questions: 2,
    average_score: 83.5,
  },
  {
    id: 10,
    started_at: '2026-11-20T09:58:00Z',
    deck_id: 'python-interview',
    mode: 'single',
    attempts: 1,
    questions: 1,
    average_score: 33,
  },
];

export const session12: Session = {
  summary: sessionSummaries[0]!,
  attempts: [
    attempt,
    {
      ...attempt,
      id: 9,
      question: closures,
      transcript: typedResult.transcript,
      assessment: { ...typedResult.assessment, question_id: 'closures', score: 100 },
      audio_path: null,
    },
  ],
};

export const catalog: CatalogModel[] = [
  { name: 'tiny.en', size: 77_700_000, english_only: true, installed: false, default: true },
  { name: 'base.en', size: 147_900_000, english_only: true, installed: false, default: false },
  { name: 'base', size: 147_900_000, english_only: false, installed: false, default: false },
];

// Attempt 7 (gil, 67) against attempt 1 before it (33).
export const comparison: Comparison = {
  question_id: 'gil',
  before: { attempt_id: 1, created_at: '2026-11-20T10:00:00Z', score: 33 },
  after: { attempt_id: 7, created_at: '2026-11-24T10:00:00Z', score: 67 },
  score_change: 34,
  concepts: [
    {
      name: 'one thread runs bytecode at a time',
      before: 'misconception',
      after: 'covered',
      change: 'fixed',
      heard_before: 'every thread execute bytecode at the same time',
      heard_after: 'only one thread at a time',
    },
    {
      name: 'global interpreter lock',
      before: 'covered',
      after: 'covered',
      change: 'same',
      heard_before: 'GIL',
      heard_after: 'GIL',
    },
  ],
  delivery: [
    { name: 'Pace', before: '98 wpm', after: '141 wpm', arrow: '↑', trend: 'better' },
    { name: 'Time to first word', before: '7.0 s', after: '1.2 s', arrow: '↓', trend: 'better' },
  ],
  transcript: [
    { kind: 'same', text: 'So the GIL' },
    { kind: 'removed', text: 'lets every thread' },
    { kind: 'added', text: 'means only one thread' },
  ],
};
