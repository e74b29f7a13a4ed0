// The room's mood per minute, drawn with chart.js (vendor/chart.js beside index.html).
// Fed by GET {apiBaseUrl}api/rooms/{room}/mood; a live `mood` frame triggers a fresh read, at most
// every REFRESH_MS, because the frame carries the sliding-window mood, not the minute buckets.

const REFRESH_MS = 2000;

export class MoodChart {
  constructor(canvas, emptyNote, apiBaseUrl, headers = {}) {
    this.headers = headers;
    this.canvas = canvas;
    this.apiBaseUrl = apiBaseUrl;
    this.emptyNote = emptyNote;
    this.chart = null;
    this.room = null;
    this.timer = null;
    this.lastLoad = 0;
  }

  /** Shows the series of `room`, replacing whatever room was shown. */
  show(room) {
    this.room = room;
    this.load();
  }

  /** The room's mood moved: read the series again, throttled. */
  changed() {
    if (this.timer) return;
    const wait = Math.max(0, this.lastLoad + REFRESH_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.load();
    }, wait);
  }

  async load() {
    const room = this.room;
    if (!room) return;
    this.lastLoad = Date.now();
    let body;
    try {
      const response = await fetch(new URL(`api/rooms/${encodeURIComponent(room)}/mood`, this.apiBaseUrl),
        { headers: this.headers });
      if (!response.ok) return;
      body = await response.json();
    } catch {
      return; // offline: the next mood frame tries again
    }
    if (room !== this.room || !Array.isArray(body.series)) return;
    this.draw(body.series);
  }

  draw(series) {
    this.emptyNote.hidden = series.length > 0;
    if (typeof window.Chart !== 'function') return;
    const labels = series.map(p => new Date(p.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
    const scores = series.map(p => p.score);
    const counts = series.map(p => p.positive + p.neutral + p.negative);
    const afterLabel = item => `${counts[item.dataIndex]} messages`;
    if (!this.chart) {
      const style = getComputedStyle(document.documentElement);
      const colour = name => style.getPropertyValue(`--${name}`).trim();
      const ink = colour('muted') || '#888';
      const bySign = value => (value > 0 ? colour('positive') : value < 0 ? colour('negative') : colour('neutral'));
      this.chart = new window.Chart(this.canvas, {
        type: 'line',
        data: {
          labels,
          datasets: [{
            label: 'mood', data: scores, backgroundColor: 'transparent', tension: 0.25, pointRadius: 3,
            // above zero green, below red: a segment takes the sign of its average
            segment: { borderColor: ctx => bySign(ctx.p0.parsed.y + ctx.p1.parsed.y) },
            borderColor: ctx => bySign(ctx.raw),
            pointBackgroundColor: ctx => bySign(ctx.raw),
            pointBorderColor: ctx => bySign(ctx.raw),
          }],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: {
            y: {
              min: -1, max: 1,
              ticks: { color: ink, stepSize: 0.5 },
              grid: { color: ctx => (ctx.tick.value === 0 ? ink : colour('line')) },
            },
            x: { ticks: { color: ink, maxRotation: 0, autoSkip: true } },
          },
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { afterLabel } },
          },
        },
      });
      return;
    }
    this.chart.data.labels = labels;
    this.chart.data.datasets[0].data = scores;
    this.chart.options.plugins.tooltip.callbacks.afterLabel = afterLabel;
    this.chart.update();
  }
}
