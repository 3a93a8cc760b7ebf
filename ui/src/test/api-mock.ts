// Default answers for the mocked api module (each test file calls vi.mock('../api')).
import { vi } from 'vitest';

import * as api from '../api';
import * as f from './fixtures';

export const mocked = vi.mocked(api);

/** Sets every command to resolve with realistic data; tests override what they exercise. */
export function defaultApi() {
  mocked.status.mockResolvedValue(f.status());
  mocked.decks.mockResolvedValue([f.deckSummary]);
  mocked.deck.mockResolvedValue(f.deck);
  mocked.questionProgress.mockResolvedValue(f.progress);
  mocked.agenda.mockResolvedValue(f.agenda);
  mocked.compareAttempts.mockResolvedValue(f.comparison);
  mocked.planSession.mockResolvedValue(f.plan());
  mocked.startAnswer.mockResolvedValue(undefined);
  mocked.startFollowUp.mockResolvedValue(undefined);
  mocked.stopAnswer.mockResolvedValue(f.answerResult);
  mocked.cancelAnswer.mockResolvedValue(undefined);
  mocked.answerByText.mockResolvedValue(f.typedResult);
  mocked.sessions.mockResolvedValue(f.sessionSummaries);
  mocked.session.mockResolvedValue(f.session12);
  mocked.attempt.mockResolvedValue(f.attempt);
  mocked.deleteSession.mockResolvedValue(undefined);
  mocked.deleteAttempt.mockResolvedValue(undefined);
  mocked.play.mockResolvedValue(undefined);
  mocked.pausePlayback.mockResolvedValue(0);
  mocked.exportSession.mockImplementation(async (_id, _fmt, path) => path);
  mocked.openDeck.mockResolvedValue({ deck: f.deck, built_in: true, path: null });
  mocked.checkDeck.mockResolvedValue([]);
  mocked.saveDeck.mockImplementation(async (deck) => ({
    deck,
    path: `/data/decks/${deck.id}.toml`,
  }));
  mocked.suggestConcepts.mockResolvedValue([]);
  mocked.tryAnswer.mockResolvedValue(f.assessment);
  mocked.startTryAnswer.mockResolvedValue(undefined);
  mocked.cancelTryAnswer.mockResolvedValue(undefined);
  mocked.stopTryAnswer.mockResolvedValue({
    transcript: f.answerResult.transcript,
    assessment: f.assessment,
  });
  mocked.settings.mockResolvedValue(f.settings);
  mocked.saveSettings.mockImplementation(async (s) => s);
  mocked.devices.mockResolvedValue([
    { name: 'Built-in Microphone', id: 'alsa:builtin', is_default: true },
    { name: 'USB Headset', id: 'alsa:usb', is_default: false },
  ]);
  mocked.modelCatalog.mockResolvedValue(f.catalog);
  mocked.installModel.mockResolvedValue(f.status().models[0]!);
  mocked.importModel.mockResolvedValue(f.status().models[0]!);
  mocked.setDefaultModel.mockResolvedValue(undefined);
  mocked.removeModel.mockResolvedValue(undefined);
  mocked.pickExportPath.mockResolvedValue(null);
  mocked.pickModel.mockResolvedValue(null);
}
