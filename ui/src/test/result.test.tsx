import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { Result } from '../components/Result';
import * as f from './fixtures';

/** Renders a result and waits for its second frame (the transcript, metrics and the rest). */
async function renderResult(result = f.answerResult, isLast = false) {
  const handlers = { onRetry: vi.fn(), onNext: vi.fn(), onFinish: vi.fn() };
  render(<Result result={result} isLast={isLast} {...handlers} />);
  await screen.findByTestId('model-answer');
  return handlers;
}

describe('result', () => {
  it('draws the score and the points first, the transcript and the rest a frame later', async () => {
    const handlers = { onRetry: vi.fn(), onNext: vi.fn(), onFinish: vi.fn() };
    render(<Result result={f.answerResult} isLast={false} {...handlers} />);
    expect(screen.getByTestId('result-score')).toHaveTextContent('67');
    expect(screen.getAllByTestId('concept-hit').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('result-transcript')).not.toBeInTheDocument();
    expect(await screen.findByTestId('result-transcript')).toBeInTheDocument();
    expect(screen.getByTestId('metrics')).toBeInTheDocument();
  });

  it('highlights the words that matched each concept in the transcript', async () => {
    await renderResult();
    const transcript = screen.getByTestId('result-transcript');
    expect(transcript).toHaveTextContent(
      'So the GIL um means only one thread at a time runs bytecode',
    );
    const marks = within(transcript).getAllByRole('mark');
    expect(marks.map((m) => m.textContent)).toEqual(['GIL', 'one', 'thread', 'at', 'a', 'time']);
    expect(marks[0]).toHaveAttribute('data-concept', 'global interpreter lock');
    expect(marks[1]).toHaveAttribute('data-concept', 'one thread at a time');
  });

  it('says when the question comes back, and why', async () => {
    await renderResult();
    expect(screen.getByTestId('next-review')).toHaveTextContent(
      'Comes back in 3 days (score 67: about half of the answer)',
    );
  });

  it('shows the user’s usual beside each delivery figure', async () => {
    await renderResult();
    const usual = screen.getAllByTestId('usual').map((c) => c.textContent);
    expect(usual).toContain('138 wpm');
    expect(usual).toContain('2.4 s');
    expect(screen.getByTestId('metrics')).toHaveTextContent(
      'your usual is the median of your last 6 spoken answers',
    );
  });

  it('lists concepts hit with the moment said, and missed ones', async () => {
    await renderResult();
    const [gil, thread] = screen.getAllByTestId('concept-hit');
    expect(gil).toHaveTextContent('global interpreter lock');
    expect(gil).toHaveTextContent('0:01');
    expect(gil).toHaveTextContent('“GIL”');
    expect(thread).toHaveTextContent('0:12');
    expect(screen.getAllByTestId('concept-missed')).toHaveLength(1);
    expect(screen.getByTestId('concept-missed')).toHaveTextContent('multiprocessing');
  });

  it('says why a point it could not judge is missed', async () => {
    const [gil, thread, mp] = f.assessment.concepts;
    const note =
      'Viva may have misheard "it" at 0:12 (it was unsure of that word), so it could not judge this point: listen back.';
    const concepts = [gil, thread, { ...mp, note }];
    await renderResult({ ...f.answerResult, assessment: { ...f.assessment, concepts } });
    expect(screen.getByTestId('concept-missed')).toHaveTextContent(note);
    expect(screen.queryByTestId('misconception')).not.toBeInTheDocument();
  });

  it('shows a wrong claim apart, with the words, the moment and the truth; a bare keyword as mentioned', async () => {
    const [gil, thread, mp] = f.assessment.concepts;
    const concepts = [
      { ...gil, verdict: 'mentioned' as const },
      {
        ...thread,
        matched: false,
        verdict: 'misconception' as const,
        kind: null,
        heard: null,
        words: null,
        start_s: null,
        misconception: {
          kind: 'known' as const,
          heard: 'every thread runs at the same time,',
          words: [6, 11] as [number, number],
          start_s: 12,
          end_s: 14,
          truth: 'Only one thread runs Python bytecode at a time.',
          how: 'a common misconception',
        },
      },
      mp,
    ];
    await renderResult({ ...f.answerResult, assessment: { ...f.assessment, concepts } });
    const wrong = screen.getByTestId('misconception');
    expect(wrong).toHaveTextContent('one thread at a time');
    expect(wrong).toHaveTextContent('0:12');
    expect(wrong).toHaveTextContent(
      'You said “every thread runs at the same time” (a common misconception)',
    );
    expect(screen.getByTestId('misconception-truth')).toHaveTextContent(
      'In fact: Only one thread runs Python bytecode at a time.',
    );
    expect(screen.getByRole('heading', { name: /Said wrongly/ })).toHaveTextContent(
      'each costs what it would have earned',
    );
    expect(screen.getByTestId('concept-mentioned')).toHaveTextContent('named only: half credit');
    // A misconception is not also listed as missed.
    expect(screen.getAllByTestId('concept-missed')).toHaveLength(1);
  });

  it('shows delivery against the target bands, tips, and the model answer with its code', async () => {
    await renderResult();
    const metrics = screen.getByTestId('metrics');
    const pace = within(metrics).getByRole('row', { name: /Pace/ });
    expect(pace).toHaveTextContent('59 wpm');
    expect(pace).toHaveTextContent('130–160 wpm');
    expect(pace).toHaveTextContent('slow');
    expect(pace).toHaveAttribute('data-verdict', 'warn');
    const fillers = within(metrics).getByRole('row', { name: /Filler/ });
    expect(fillers).toHaveTextContent('1 (4.5 per minute)');
    expect(fillers).toHaveTextContent('um ×1');
    expect(within(metrics).getByRole('row', { name: /first word/ })).toHaveAttribute(
      'data-verdict',
      'good',
    );
    expect(within(metrics).getByRole('row', { name: /Pauses/ })).toHaveTextContent(
      'longest 8.9 s, 1 long',
    );
    expect(screen.getByTestId('tips')).toHaveTextContent('Mention "multiprocessing"');
    const model = screen.getByTestId('model-answer');
    expect(model).toHaveTextContent('global interpreter lock lets only one thread');
    expect(model.querySelector('pre code')).toHaveTextContent('threading.Thread(target=work)');
  });

  it('offers retry, next and finish; the last question has no next', async () => {
    const user = userEvent.setup();
    const h = await renderResult();
    await user.click(screen.getByTestId('retry'));
    await user.click(screen.getByTestId('next'));
    expect(h.onRetry).toHaveBeenCalledTimes(1);
    expect(h.onNext).toHaveBeenCalledTimes(1);
  });

  it('lets a spoken answer be heard back right away; a typed one has nothing to play', async () => {
    await renderResult();
    expect(screen.getByTestId('replay-play')).toBeInTheDocument();
    expect(screen.getAllByTestId('concept-marker')).toHaveLength(2);
    cleanup();
    await renderResult(f.typedResult);
    expect(screen.queryByTestId('replay-play')).not.toBeInTheDocument();
    expect(screen.getByTestId('result-transcript')).toHaveTextContent('So the GIL um means');
  });

  it('shows a recording problem and a typed answer without timing measures', async () => {
    await renderResult(
      {
        ...f.typedResult,
        problem: 'The microphone went away after 12 s; the answer so far was kept.',
      },
      true,
    );
    expect(screen.getByRole('note')).toHaveTextContent('microphone went away');
    expect(screen.queryByTestId('next')).not.toBeInTheDocument();
    expect(
      within(screen.getByTestId('metrics')).getByRole('row', { name: /Pace/ }),
    ).toHaveTextContent('—');
  });
});
