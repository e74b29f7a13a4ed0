// Numbers and durations said the way a person says them.

/** "+0.42", "−0.10", "±0.00". */
export function signed(score) {
  const n = Number(score);
  if (!Number.isFinite(n)) return '?';
  return (n > 0 ? '+' : n < 0 ? '−' : '±') + Math.abs(n).toFixed(2);
}

const UNITS = [['H', 'hour'], ['M', 'minute'], ['S', 'second']];

/** An ISO-8601 duration such as "PT5M" or "PT1H30M" as "last 5 minutes", "last 1 hour 30 minutes". */
export function windowInWords(iso) {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(String(iso ?? ''));
  if (!match || match[0] === 'PT') return 'the last few minutes';
  const parts = [];
  UNITS.forEach(([, unit], i) => {
    const n = Number(match[i + 1] ?? 0);
    if (n > 0) parts.push({ n, unit });
  });
  // "the last minute" rather than "the last 1 minute", as people say it
  if (parts.length === 1 && parts[0].n === 1) return `the last ${parts[0].unit}`;
  return `the last ${parts.map(({ n, unit }) => `${n} ${unit}${n === 1 ? '' : 's'}`).join(' ')}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
