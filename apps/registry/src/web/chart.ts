import { AT_PROFILES, type AtProfile, type ProfileSummary } from '@atcompat/contracts';
import { PROFILE_LABELS } from './labels.js';

/** One run's findings per profile, as the history endpoint gives them. */
export interface HistoryPoint {
  runId: string;
  release: string;
  startedAt: string;
  profiles: Partial<Record<AtProfile, ProfileSummary>>;
}

export interface ChartBar {
  profile: AtProfile;
  label: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
  colour: string;
}

export interface ChartGroup {
  label: string;
  x: number;
  bars: ChartBar[];
}

/** A grouped bar chart laid out for an SVG, with a sentence and a table that say the same. */
export interface FindingsChart {
  width: number;
  height: number;
  plot: { left: number; top: number; bottom: number; right: number };
  max: number;
  ticks: { value: number; y: number }[];
  groups: ChartGroup[];
  legend: { profile: AtProfile; label: string; colour: string }[];
  /** The text alternative: what the chart shows, in one or two sentences. */
  summary: string;
  /** The same numbers as a table: one row a run, one column a profile. */
  table: { head: string[]; rows: (string | number)[][] };
}

/** GOV.UK palette colours with at least 3:1 contrast against white, one a profile. */
const COLOURS: Record<AtProfile, string> = {
  keyboard: '#1d70b8',
  speech: '#d4351c',
  'screen-reader': '#4c2c92',
  magnifier: '#00703c',
  literacy: '#6f3d00',
};

/**
 * Lays out findings per profile over time (oldest run on the left). `history` comes newest first
 * from the API; the chart shows at most `limit` runs.
 */
export function findingsChart(history: HistoryPoint[], limit = 8): FindingsChart | null {
  const runs = history.slice(0, limit).reverse();
  if (!runs.length) return null;
  const profiles = AT_PROFILES.filter((p) => runs.some((run) => run.profiles[p] !== undefined));
  if (!profiles.length) return null;
  const max = Math.max(1, ...runs.flatMap((run) => profiles.map((p) => run.profiles[p]?.findings ?? 0)));
  const niceMax = niceCeiling(max);
  const width = 760;
  const height = 320;
  const plot = { left: 50, top: 20, right: width - 10, bottom: height - 60 };
  const groupWidth = (plot.right - plot.left) / runs.length;
  const barWidth = Math.max(4, Math.min(28, (groupWidth - 12) / profiles.length));
  const scale = (value: number) => ((plot.bottom - plot.top) * value) / niceMax;
  const labelOf = (run: HistoryPoint) => `${run.release}, ${run.startedAt.slice(0, 10)}`;
  const groups = runs.map((run, i) => {
    const groupX = plot.left + i * groupWidth;
    const start = groupX + (groupWidth - barWidth * profiles.length) / 2;
    return {
      label: labelOf(run),
      x: groupX + groupWidth / 2,
      bars: profiles.map((profile, j) => {
        const value = run.profiles[profile]?.findings ?? 0;
        const h = scale(value);
        return { profile, label: PROFILE_LABELS[profile], value, x: start + j * barWidth, y: plot.bottom - h, width: barWidth - 2, height: h, colour: COLOURS[profile] };
      }),
    };
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: Math.round(niceMax * f), y: plot.bottom - scale(niceMax * f) }));
  const latest = runs.at(-1)!;
  const first = runs[0]!;
  const describe = (run: HistoryPoint) => profiles.map((p) => `${PROFILE_LABELS[p]} ${run.profiles[p]?.findings ?? 0}`).join(', ');
  const summary =
    runs.length === 1
      ? `Findings per profile in the one run (${labelOf(latest)}): ${describe(latest)}.`
      : `Findings per profile in the last ${runs.length} runs. First run (${labelOf(first)}): ${describe(first)}. Latest run (${labelOf(latest)}): ${describe(latest)}.`;
  return {
    width,
    height,
    plot,
    max: niceMax,
    ticks,
    groups,
    legend: profiles.map((profile) => ({ profile, label: PROFILE_LABELS[profile], colour: COLOURS[profile] })),
    summary,
    table: {
      head: ['Run', ...profiles.map((p) => PROFILE_LABELS[p])],
      rows: runs.map((run) => [labelOf(run), ...profiles.map((p) => run.profiles[p]?.findings ?? 0)]),
    },
  };
}

function niceCeiling(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}
