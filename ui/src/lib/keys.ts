import { useEffect, useRef } from 'react';

/** True when a key press belongs to a text field, so shortcuts must leave it alone. */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** True for elements that Space already activates (buttons, links, checkboxes...). */
export function activatesOnSpace(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    target.closest('button, a[href], input, select, textarea, summary, [role="button"]') !== null
  );
}

export type KeyMap = Partial<Record<'Space' | 'KeyR' | 'KeyN' | 'Escape', () => void>>;

/**
 * Window-level shortcuts (Space, R, N, Esc). Ignored while typing, with modifiers held, or
 * when a dialog is open. Space on a focused button is left to the button, so keyboard users
 * can still press whatever they tabbed to.
 */
export function useShortcuts(map: KeyMap, enabled = true) {
  const ref = useRef(map);
  useEffect(() => {
    ref.current = map;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (inTextField(e.target)) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const code = e.code === '' && e.key === ' ' ? 'Space' : e.code || keyToCode(e.key);
      if (code === 'Space' && activatesOnSpace(e.target)) return;
      const action = ref.current[code as keyof KeyMap];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

function keyToCode(key: string): string {
  if (key === ' ') return 'Space';
  if (key === 'Escape' || key === 'Esc') return 'Escape';
  if (key.length === 1) return `Key${key.toUpperCase()}`;
  return key;
}
