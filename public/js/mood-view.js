// The room's mood in the top bar: a gauge centred on zero (negative to the left, positive to the
// right), the counts of each label next to it, and a word a person understands.

import { signed, windowInWords } from './words.js';
import { SENTIMENT_GLYPHS } from './render.js';

/** The word and tone for a mood; "Mixed" when strong feelings of both signs cancel out. */
export function moodDescription(mood) {
  const positive = mood.positive ?? 0;
  const negative = mood.negative ?? 0;
  if (positive + negative + (mood.neutral ?? 0) === 0) return { word: 'No messages yet', tone: 'empty' };
  if (positive > 0 && negative > 0 && Math.min(positive, negative) / Math.max(positive, negative) >= 0.5) {
    return { word: 'Mixed', tone: 'mixed' };
  }
  if (mood.score > 0.2) return { word: 'Upbeat', tone: 'positive' };
  if (mood.score < -0.2) return { word: 'Tense', tone: 'negative' };
  return { word: 'Calm', tone: 'neutral' };
}

export class MoodView {
  /** `box` holds .mood-word, #mood-gauge (with .gauge-fill) and .mood-counts; `caption` says the window. */
  constructor(box, caption) {
    this.box = box;
    this.caption = caption;
    this.word = box.querySelector('.mood-word');
    this.gauge = box.querySelector('.gauge');
    this.counts = box.querySelector('.mood-counts');
  }

  show(mood) {
    const known = mood && typeof mood.score === 'number';
    const { word, tone } = known ? moodDescription(mood) : { word: 'No messages yet', tone: 'empty' };
    const score = known && tone !== 'empty' ? Math.max(-1, Math.min(1, mood.score)) : 0;
    const window = windowInWords(mood?.window);
    this.box.dataset.tone = tone;
    this.word.textContent = word;
    this.gauge.dataset.score = String(score);
    this.gauge.setAttribute('aria-valuenow', String(score));
    this.gauge.setAttribute('aria-valuetext', tone === 'empty' ? 'no messages yet' : `${signed(score)}, ${word.toLowerCase()}`);
    // the fill runs from the centre (50 %) towards the side of the score's sign
    this.gauge.style.setProperty('--from', `${50 + Math.min(0, score) * 50}%`);
    this.gauge.style.setProperty('--width', `${Math.abs(score) * 50}%`);
    const n = { positive: mood?.positive ?? 0, neutral: mood?.neutral ?? 0, negative: mood?.negative ?? 0 };
    this.counts.replaceChildren(...['positive', 'neutral', 'negative'].map(label =>
      Object.assign(document.createElement('span'), {
        className: 'count', title: `${n[label]} ${label}`,
        textContent: `${SENTIMENT_GLYPHS[label]}${n[label]}`,
      })));
    for (const [i, label] of ['positive', 'neutral', 'negative'].entries()) this.counts.children[i].dataset.label = label;
    this.counts.hidden = tone === 'empty';
    const summary = tone === 'empty'
      ? `Room mood: no messages in ${window}.`
      : `Room mood over ${window}: ${word.toLowerCase()} (${signed(score)} on a scale from −1 to +1); `
        + `${n.positive} positive, ${n.neutral} neutral, ${n.negative} negative.`;
    this.box.title = summary;
    this.box.setAttribute('aria-label', summary);
    if (this.caption) this.caption.textContent = `Mood per minute; the top bar covers ${window}.`;
  }
}
