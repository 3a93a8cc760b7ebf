import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import App from '../App';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';
import { spoken } from './setup';

vi.mock('../api');

beforeEach(defaultApi);

describe('home', () => {
  it('shows model and microphone status', async () => {
    render(<App />);
    expect(await screen.findByTestId('model-status')).toHaveTextContent('Speech model: tiny.en');
    expect(screen.getByTestId('mic-status')).toHaveTextContent('Built-in Microphone');
  });

  it('offers what is due today, and plans it', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId('agenda')).toHaveTextContent(
      '1 due today, 1 new · next due in 2 weeks',
    );
    await user.click(screen.getByTestId('mode-due'));
    expect(screen.queryByTestId('count-input')).toBeNull();
    await user.click(screen.getByTestId('start-practice'));
    expect(mocked.planSession).toHaveBeenCalledWith(
      expect.objectContaining({ deck_id: 'python-interview', mode: 'due' }),
    );
  });

  it('plans a mock interview in a category and opens the first question, spoken aloud', async () => {
    const user = userEvent.setup();
    mocked.planSession.mockResolvedValue(f.plan([f.closures, f.decorators]));
    render(<App />);
    await screen.findByRole('option', { name: 'Functions' });
    await user.selectOptions(screen.getByTestId('category-select'), 'Functions');
    await user.click(screen.getByTestId('mode-mock'));
    const count = screen.getByTestId('count-input');
    await user.clear(count);
    await user.type(count, '2');
    await user.click(screen.getByTestId('start-practice'));

    expect(mocked.planSession).toHaveBeenCalledWith({
      deck_id: 'python-interview',
      category: 'Functions',
      count: 2,
      mode: 'mock',
      question_id: null,
    });
    expect(await screen.findByTestId('question-prompt')).toHaveTextContent(f.closures.prompt);
    expect(screen.getByTestId('question-number')).toHaveTextContent('1 of 2');
    expect(spoken.map((u) => u.text)).toContain(f.closures.prompt);
  });

  it('single mode defaults the picker to the weakest question (never answered first)', async () => {
    const user = userEvent.setup();
    mocked.planSession.mockResolvedValue(f.plan([f.decorators]));
    render(<App />);
    await screen.findByRole('option', { name: 'Functions' });
    await user.click(screen.getByTestId('mode-single'));
    const picker = (await screen.findByTestId('question-select')) as HTMLSelectElement;
    expect(picker.value).toBe('decorators');
    // Then the lowest latest score: gil (67) before closures (100).
    expect([...picker.options].map((o) => o.value)).toEqual(['decorators', 'gil', 'closures']);
    expect(picker.options[1]!.textContent).toContain('last 67');

    await user.click(screen.getByTestId('start-practice'));
    expect(mocked.planSession).toHaveBeenCalledWith(
      expect.objectContaining({ mode: 'single', count: 1, question_id: 'decorators' }),
    );
  });

  it('shows why a session could not be planned', async () => {
    const user = userEvent.setup();
    mocked.planSession.mockRejectedValue('The deck "python-interview" has no questions in "Io".');
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('start-practice')).toBeEnabled());
    await user.click(screen.getByTestId('start-practice'));
    expect(await screen.findByRole('alert')).toHaveTextContent('has no questions');
    expect(screen.getByTestId('start-practice')).toBeInTheDocument();
  });
});
