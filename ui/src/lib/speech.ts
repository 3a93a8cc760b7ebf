import { useEffect, useState } from 'react';

// Questions are read aloud by the webview's own speech synthesis: nothing leaves the machine.

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window
    ? window.speechSynthesis
    : null;
}

export function speechAvailable(): boolean {
  return synth() !== null;
}

// Held so the utterance is not garbage-collected mid-sentence (which silences some engines).
let current: SpeechSynthesisUtterance | null = null;

export function speak(text: string, voiceName: string | null | undefined, rate: number) {
  const s = synth();
  if (!s || typeof SpeechSynthesisUtterance === 'undefined') return;
  if (s.speaking || s.pending) s.cancel();
  const u = new SpeechSynthesisUtterance(text);
  const voice = voiceName ? s.getVoices().find((v) => v.name === voiceName) : undefined;
  if (voice) {
    u.voice = voice;
    u.lang = voice.lang;
  }
  u.rate = rate > 0 ? rate : 1;
  u.onend = () => {
    if (current === u) current = null;
  };
  current = u;
  s.speak(u);
}

export function stopSpeaking() {
  current = null;
  synth()?.cancel();
}

/** The voices the system offers; WebKit fills the list late, hence voiceschanged. */
export function useVoices(): SpeechSynthesisVoice[] {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(() => synth()?.getVoices() ?? []);
  useEffect(() => {
    const s = synth();
    if (!s) return;
    const update = () => setVoices(s.getVoices());
    update();
    s.addEventListener?.('voiceschanged', update);
    return () => s.removeEventListener?.('voiceschanged', update);
  }, []);
  return voices;
}
