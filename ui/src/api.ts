// Every call from the UI to the Rust side goes through this module: typed wrappers over
// Tauri's `invoke`, Channels for streamed events, and the native file dialogs.
//
// Commands reject with a message written for the user; callers show it (see useErrors).
// Channel-based commands take a plain callback here, so components never touch Channel.

import { Channel, invoke } from '@tauri-apps/api/core';
import { documentDir, homeDir, join } from '@tauri-apps/api/path';
import { open, save } from '@tauri-apps/plugin-dialog';

import type { Agenda } from './bindings/Agenda';
import type { Comparison } from './bindings/Comparison';
import type { AnswerEvent } from './bindings/AnswerEvent';
import type { AnswerResult } from './bindings/AnswerResult';
import type { AppStatus } from './bindings/AppStatus';
import type { Attempt } from './bindings/Attempt';
import type { CatalogModel } from './bindings/CatalogModel';
import type { Deck } from './bindings/Deck';
import type { ExportFormat } from './bindings/ExportFormat';
import type { DeckSummary } from './bindings/DeckSummary';
import type { DownloadProgress } from './bindings/DownloadProgress';
import type { InstalledModel } from './bindings/InstalledModel';
import type { Microphone } from './bindings/Microphone';
import type { Mode } from './bindings/Mode';
import type { PlanRequest } from './bindings/PlanRequest';
import type { PlaybackEvent } from './bindings/PlaybackEvent';
import type { QuestionProgress } from './bindings/QuestionProgress';
import type { Session } from './bindings/Session';
import type { SessionPlan } from './bindings/SessionPlan';
import type { SessionSummary } from './bindings/SessionSummary';
import type { Settings } from './bindings/Settings';
import type { Assessment } from './bindings/Assessment';
import type { EditableDeck } from './bindings/EditableDeck';
import type { FieldProblem } from './bindings/FieldProblem';
import type { Question } from './bindings/Question';
import type { SavedDeck } from './bindings/SavedDeck';
import type { Suggestion } from './bindings/Suggestion';
import type { TriedAnswer } from './bindings/TriedAnswer';

export type { ExportFormat, Mode };

function channel<T>(onEvent: (event: T) => void): Channel<T> {
  const ch = new Channel<T>();
  ch.onmessage = onEvent;
  return ch;
}

// Tauri commands are registered under their Rust (snake_case) names; arguments are camelCase.
export const status = () => invoke<AppStatus>('status');
export const decks = () => invoke<DeckSummary[]>('decks');
export const deck = (deckId: string) => invoke<Deck>('deck', { deckId });
export const planSession = (plan: PlanRequest) => invoke<SessionPlan>('plan_session', { plan });
export const agenda = (deckId: string) => invoke<Agenda>('agenda', { deckId });
export const compareAttempts = (attemptId: number, other: number | null) =>
  invoke<Comparison>('compare_attempts', { attemptId, other });

export const startAnswer = (
  sessionId: number,
  questionId: string,
  onEvent: (event: AnswerEvent) => void,
) => invoke<void>('start_answer', { sessionId, questionId, onEvent: channel(onEvent) });
export const startFollowUp = (attemptId: number, onEvent: (event: AnswerEvent) => void) =>
  invoke<void>('start_follow_up', { attemptId, onEvent: channel(onEvent) });
export const stopAnswer = () => invoke<AnswerResult>('stop_answer');
export const cancelAnswer = () => invoke<void>('cancel_answer');
export const answerByText = (sessionId: number, questionId: string, text: string) =>
  invoke<AnswerResult>('answer_by_text', { sessionId, questionId, text });

export const sessions = () => invoke<SessionSummary[]>('sessions');
export const session = (sessionId: number) => invoke<Session>('session', { sessionId });
export const attempt = (attemptId: number) => invoke<Attempt>('attempt', { attemptId });
export const questionProgress = (deckId: string) =>
  invoke<QuestionProgress[]>('question_progress', { deckId });
export const deleteSession = (sessionId: number) => invoke<void>('delete_session', { sessionId });
export const deleteAttempt = (attemptId: number) => invoke<void>('delete_attempt', { attemptId });

export const play = (
  attemptId: number,
  fromS: number,
  onEvent: (e: PlaybackEvent) => void,
  followUp = false,
) => invoke<void>('play', { attemptId, fromS, followUp, onEvent: channel(onEvent) });
export const pausePlayback = () => invoke<number>('pause_playback');

export const exportSession = (sessionId: number, format: ExportFormat, path: string) =>
  invoke<string>('export_session', { sessionId, format, path });

// The deck editor.
export const openDeck = (deckId: string) => invoke<EditableDeck>('open_deck', { deckId });
export const checkDeck = (deck: Deck) => invoke<FieldProblem[]>('check_deck', { deck });
export const saveDeck = (deck: Deck, was: string | null) =>
  invoke<SavedDeck>('save_deck', { deck, was });
export const duplicateDeck = (deckId: string, newId: string, newTitle: string) =>
  invoke<SavedDeck>('duplicate_deck', { deckId, newId, newTitle });
export const importNotes = (path: string) => invoke<SavedDeck>('import_notes', { path });
export const openDeckFile = (path: string) => invoke<SavedDeck>('open_deck_file', { path });
export const exportDeck = (deckId: string, path: string) =>
  invoke<string>('export_deck', { deckId, path });
export const suggestConcepts = (modelAnswer: string) =>
  invoke<Suggestion[]>('suggest_concepts', { modelAnswer });
export const tryAnswer = (question: Question, text: string) =>
  invoke<Assessment>('try_answer', { question, text });
export const startTryAnswer = (question: Question, onEvent: (event: AnswerEvent) => void) =>
  invoke<void>('start_try_answer', { question, onEvent: channel(onEvent) });
export const stopTryAnswer = () => invoke<TriedAnswer>('stop_try_answer');
export const cancelTryAnswer = () => invoke<void>('cancel_try_answer');

export const settings = () => invoke<Settings>('settings');
export const saveSettings = (settings: Settings) => invoke<Settings>('save_settings', { settings });
export const devices = () => invoke<Microphone[]>('devices');

export const modelCatalog = () => invoke<CatalogModel[]>('model_catalog');
export const installModel = (name: string, onProgress: (p: DownloadProgress) => void) =>
  invoke<InstalledModel>('install_model', { name, onProgress: channel(onProgress) });
/** Imports a file or folder from the open dialog; converting one reports progress. */
export const importModel = (path: string, onProgress: (p: DownloadProgress) => void) =>
  invoke<InstalledModel>('import_model', { path, onProgress: channel(onProgress) });
export const setDefaultModel = (name: string) => invoke<void>('set_default_model', { name });
export const removeModel = (name: string) => invoke<void>('remove_model', { name });

const FORMAT_NAMES: Record<ExportFormat, string> = {
  md: 'Markdown',
  html: 'HTML (printable)',
  json: 'JSON',
  csv: 'CSV',
};

/** Asks where to write an export; null when the user cancels. */
export async function pickExportPath(sessionId: number, format: ExportFormat) {
  // A bare file name would open the dialog in the app's working folder, which means nothing
  // to the user; start in their documents (or home) folder instead.
  const folder = await documentDir().catch(() => homeDir().catch(() => null));
  const name = `viva-session-${sessionId}.${format}`;
  const path = await save({
    title: 'Export session',
    defaultPath: folder ? await join(folder, name) : name,
    filters: [{ name: FORMAT_NAMES[format], extensions: [format] }],
  });
  return path ?? null;
}

/** Asks for a speech model: a ggml .bin file, or a folder (CTranslate2 / faster-whisper). */
export async function pickModel(kind: 'file' | 'folder') {
  const picked = await open(
    kind === 'folder'
      ? { title: 'Import a speech model folder', directory: true, multiple: false }
      : {
          title: 'Import a speech model file',
          directory: false,
          multiple: false,
          filters: [{ name: 'Whisper model (ggml)', extensions: ['bin'] }],
        },
  );
  return typeof picked === 'string' ? picked : null;
}

/** Asks for a file to make a deck from: Markdown notes, or a deck file (.toml). */
export async function pickDeckSource(kind: 'notes' | 'deck') {
  const picked = await open(
    kind === 'notes'
      ? {
          title: 'Import notes as a deck',
          directory: false,
          multiple: false,
          filters: [{ name: 'Markdown notes', extensions: ['md', 'markdown', 'txt'] }],
        }
      : {
          title: 'Open a deck file',
          directory: false,
          multiple: false,
          filters: [{ name: 'Viva deck', extensions: ['toml'] }],
        },
  );
  return typeof picked === 'string' ? picked : null;
}

/** Asks where to write a deck to share it; null when the user cancels. */
export async function pickDeckExportPath(deckId: string) {
  const folder = await documentDir().catch(() => homeDir().catch(() => null));
  const name = `${deckId}.toml`;
  const path = await save({
    title: 'Export deck',
    defaultPath: folder ? await join(folder, name) : name,
    filters: [{ name: 'Viva deck', extensions: ['toml'] }],
  });
  return path ?? null;
}
