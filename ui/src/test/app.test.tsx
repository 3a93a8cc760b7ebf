import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import App from '../App';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';

vi.mock('../api');

beforeEach(defaultApi);

describe('app shell', () => {
  it('navigates between practice, history and settings', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId('start-practice')).toBeInTheDocument();
    expect(screen.getByTestId('nav-practice')).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByTestId('nav-history'));
    expect(await screen.findByTestId('session-detail')).toBeInTheDocument();
    expect(screen.getByTestId('nav-history')).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('settings')).toBeInTheDocument();
    expect(screen.getByTestId('data-dir')).toHaveTextContent('/home/ada/.local/share/viva');
  });

  it('says what went wrong when the app cannot start, and retries', async () => {
    const user = userEvent.setup();
    mocked.status.mockRejectedValueOnce('The data folder /x is not writable.');
    render(<App />);
    expect(await screen.findByRole('alert')).toHaveTextContent('/x is not writable');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('start-practice')).toBeInTheDocument();
  });

  it('keeps a session in progress while another tab is open', async () => {
    const user = userEvent.setup();
    mocked.answerByText.mockResolvedValue(f.typedResult);
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('start-practice')).toBeEnabled());
    await user.click(screen.getByTestId('start-practice'));
    await user.click(await screen.findByTestId('type-instead'));
    await user.type(screen.getByTestId('answer-text'), 'the GIL');
    await user.click(screen.getByTestId('submit-text'));
    await user.click(await screen.findByTestId('next'));
    expect(screen.getByTestId('question-number')).toHaveTextContent('2 of 2');

    await user.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('question-number')).not.toBeVisible();
    // Shortcuts belong to the visible screen only.
    await user.keyboard(' ');
    expect(mocked.startAnswer).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('nav-practice'));
    expect(screen.getByTestId('question-number')).toBeVisible();
    expect(screen.getByTestId('question-number')).toHaveTextContent('2 of 2');

    await user.click(screen.getByRole('button', { name: 'End session' }));
    expect(screen.getByTestId('session-summary')).toHaveTextContent(
      'You answered 1 of 2 questions.',
    );
    await user.click(screen.getByRole('button', { name: 'Practise more' }));
    expect(await screen.findByTestId('start-practice')).toBeInTheDocument();
  });
});
