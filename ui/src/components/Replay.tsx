import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';

import * as api from '../api';
import type { ConceptResult } from '../bindings/ConceptResult';
import type { PlaybackEvent } from '../bindings/PlaybackEvent';
import type { Transcript } from '../bindings/Transcript';
import type { Word } from '../bindings/Word';
import { useNotify } from '../lib/errors';
import { clock, clockTenths } from '../lib/format';
import { Icon } from './Icon';
import { Marked, conceptByWord } from './TranscriptView';

/**
 * The word being heard at `at`: the one whose [start, end] contains it; where one word ends
 * exactly as the next starts, the next.
 */
export function currentWord(words: Word[], at: number): number {
  let found = -1;
  words.forEach((w, i) => {
    if (w.start != null && w.end != null && w.start <= at && at <= w.end) found = i;
  });
  return found;
}

/** Plays an attempt back; the transcript follows the audio and concept markers jump to moments. */
export function Replay({
  attemptId,
  transcript,
  concepts,
  hasAudio,
  active = true,
  transcriptTestId,
  followUp = false,
}: {
  /** Play the attempt's follow-up answer instead of the answer. */
  followUp?: boolean;
  /** False while hidden: playback pauses. */
  active?: boolean;
  attemptId: number;
  /** A test id for the words, when they are also the screen's transcript. */
  transcriptTestId?: string;
  transcript: Transcript;
  concepts: ConceptResult[];
  hasAudio: boolean;
}) {
  const notify = useNotify();
  const words = transcript.words;
  const lastEnd = words.reduce((m, w) => Math.max(m, w.end ?? 0), 0);
  const duration = Math.max(transcript.duration_s ?? 0, lastEnd);

  const [playing, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  // No word is "current" until playback has been started once.
  const [started, setStarted] = useState(false);
  // Each play call gets a generation: events from an earlier playback are ignored.
  const generation = useRef(0);
  const playingRef = useRef(false);
  useEffect(() => {
    playingRef.current = playing;
  }, [playing]);

  useEffect(
    () => () => {
      generation.current++;
      if (playingRef.current) void api.pausePlayback().catch(() => {});
    },
    [],
  );

  const playFrom = useCallback(
    async (from: number) => {
      const gen = ++generation.current;
      const start = from >= duration - 0.05 ? 0 : Math.max(0, from);
      setPosition(start);
      setPlaying(true);
      setStarted(true);
      const onEvent = (e: PlaybackEvent) => {
        if (gen !== generation.current) return;
        if (e.kind === 'position') setPosition(e.at_s);
        else if (e.kind === 'ended') {
          setPlaying(false);
          setPosition(duration);
        } else if (e.kind === 'failed') {
          setPlaying(false);
          notify.error(e.message);
        }
      };
      try {
        await api.play(attemptId, start, onEvent, followUp);
      } catch (err) {
        if (gen === generation.current) setPlaying(false);
        notify.error(err);
      }
    },
    [attemptId, duration, notify, followUp],
  );

  const pause = useCallback(async () => {
    generation.current++;
    setPlaying(false);
    try {
      setPosition(await api.pausePlayback());
    } catch (e) {
      notify.error(e);
    }
  }, [notify]);

  const seek = (at: number) => void playFrom(at);

  // Hidden behind another tab (the result of a session in progress): stop talking.
  useEffect(() => {
    if (!active && playingRef.current) void pause();
  }, [active, pause]);

  const current = started ? currentWord(words, position) : -1;
  const hits = conceptByWord(concepts);
  const markers = concepts.flatMap((c) => {
    if (c.misconception?.start_s != null)
      return [{ name: c.name, at: c.misconception.start_s, wrong: true }];
    if (c.matched && c.start_s != null) return [{ name: c.name, at: c.start_s, wrong: false }];
    return [];
  });
  const pct = (t: number) => `${duration > 0 ? Math.min(100, (t / duration) * 100) : 0}%`;

  const onMarkerKey = (e: KeyboardEvent, at: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      seek(at);
    }
  };

  if (!hasAudio) {
    return (
      <div className="replay" data-testid="replay-panel">
        <p className="small muted">This answer was typed, so there is no recording to play.</p>
      </div>
    );
  }

  return (
    <div className="replay stack" data-testid="replay-panel">
      <div className="row">
        {playing ? (
          <button
            type="button"
            className="round"
            data-testid="replay-pause"
            aria-label="Pause"
            onClick={() => void pause()}
          >
            <Icon name="pause" />
          </button>
        ) : (
          <button
            type="button"
            className="round primary"
            data-testid="replay-play"
            aria-label="Play"
            onClick={() => void playFrom(position)}
          >
            <Icon name="play" />
          </button>
        )}
        <span className="timer small" data-testid="replay-position" aria-live="off">
          {clockTenths(Math.min(position, duration))} / {clockTenths(duration)}
        </span>
      </div>

      <svg className="timeline" width="100%" height="28" aria-label="Timeline with key points">
        <rect className="timeline-track" x="0" y="12" width="100%" height="4" rx="2" />
        <rect className="timeline-fill" x="0" y="12" width={pct(position)} height="4" rx="2" />
        {markers.map((c) => (
          <g
            key={c.name}
            className={c.wrong ? 'concept-marker wrong' : 'concept-marker'}
            data-testid={c.wrong ? 'misconception-marker' : 'concept-marker'}
            data-concept={c.name}
            role="button"
            tabIndex={0}
            aria-label={`${c.wrong ? 'Said wrongly: ' : ''}${c.name} at ${clock(c.at)}`}
            onClick={() => seek(c.at)}
            onKeyDown={(e) => onMarkerKey(e, c.at)}
          >
            <title>{`${c.wrong ? 'Said wrongly: ' : ''}${c.name} · ${clock(c.at)}`}</title>
            <circle cx={pct(c.at)} cy="14" r="7" />
          </g>
        ))}
      </svg>

      <p className="transcript replay-words" data-testid={transcriptTestId}>
        {words.map((w, i) => {
          const mark = hits.get(i);
          const classes = ['word'];
          if (i === current) classes.push('current');
          return (
            <span key={i}>
              <button
                type="button"
                tabIndex={-1}
                className={classes.join(' ')}
                data-testid="replay-word"
                data-current={i === current ? 'true' : undefined}
                title={mark ? `${mark.concept} · ${clock(w.start ?? 0)}` : clock(w.start ?? 0)}
                disabled={w.start == null}
                onClick={() => w.start != null && seek(w.start)}
              >
                <Marked mark={hits.get(i)}>{w.word}</Marked>
              </button>{' '}
            </span>
          );
        })}
      </p>
    </div>
  );
}
