import { alertEnabled } from './preferences';

let context: AudioContext | null = null;

/**
 * A short two-note chime drawn with the Web Audio API (no audio file ships). Browsers only let a
 * page make sound after the user interacted with it; until then the chime is silently skipped.
 */
export function playChime(force = false): void {
  if (!force && !alertEnabled('sound')) return;
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime + 0.01;
    for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.32);
    }
  } catch {
    // No audio device or Web Audio unavailable: the badge and title still tell.
  }
}
