import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import App from '../App';
import { defaultApi, mocked } from './api-mock';

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
    expect(screen.getByTestId('data-dir')).toHaveValue('/home/ada/.local/share/viva');
  });

  it('says what went wrong when the app cannot start, and retries', async () => {
    const user = userEvent.setup();
    mocked.status.mockRejectedValueOnce('The data folder /x is not writable.');
    render(<App />);
    expect(await screen.findByRole('alert')).toHaveTextContent('/x is not writable');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('start-practice')).toBeInTheDocument();
  });
});
