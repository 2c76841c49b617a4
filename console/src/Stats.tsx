import { run, saveBlob } from './api';
import { DivisionsDocument, StatisticsDocument, StatisticsStepsDocument, type StatisticsDimension, type StatisticsQuery, type StatisticsStepsQuery } from './gql/graphql';
import { CLOCK_ZH, SECTOR_ZH } from './labels';
import { Errors, Loading, Section, useLoad, type Viewer } from './ui';

type Stats = NonNullable<StatisticsQuery['caseStatistics']>;
type Group = Stats['groups'][number];
const MEASURES = [
  ['cases', '案件数'],
  ['transferred', '移送'],
  ['filed', '立案'],
  ['notFiled', '不予立案'],
] as const;

const cell = (v: number | null | undefined, suppressed: boolean) => (suppressed ? '已抑制' : v == null ? '' : String(v));
const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV of a chart: one row per group, suppressed measures written as 已抑制 (UTF-8 with BOM, for spreadsheet programs). */
export function toCsv(dimension: string, rows: { label: string; g: Group }[]): string {
  const head = [dimension, ...MEASURES.map(([, zh]) => zh), '立案率', '红码', '黄码'];
  const lines = rows.map(({ label, g }) => [label, ...MEASURES.map(([k]) => cell(g[k], g.suppressed)), g.suppressed ? '已抑制' : g.filingRate == null ? '' : g.filingRate.toFixed(3), cell(g.openRedWarnings, g.suppressed), cell(g.openYellowWarnings, g.suppressed)]);
  return `\ufeff${[head, ...lines].map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function BarChart({ id, title, dimension, rows }: { id: string; title: string; dimension: string; rows: { label: string; g: Group }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.g.cases ?? 0));
  const barH = 22;
  const labelW = 110;
  const w = 560;
  const h = rows.length * (barH + 8) + 30;
  return (
    <Section title={title} id={id}>
      <svg className="chart" viewBox={`0 0 ${w} ${h}`} width={w} role="img" aria-label={title}>
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line x1="0" y1="0" x2="0" y2="6" className="hatch" />
          </pattern>
        </defs>
        {rows.map(({ label, g }, i) => {
          const y = 10 + i * (barH + 8);
          const scale = (v: number | null | undefined) => ((v ?? 0) / max) * (w - labelW - 70);
          return (
            <g key={label} data-group={label}>
              <text x={labelW - 6} y={y + 15} className="axis" textAnchor="end">
                {label}
              </text>
              {g.suppressed ? (
                <>
                  <rect x={labelW} y={y} width={w - labelW - 70} height={barH} fill={`url(#${id}-hatch)`} className="suppressed" />
                  <text x={labelW + 8} y={y + 15} className="axis">
                    已抑制（少于最小单元数）
                  </text>
                </>
              ) : (
                <>
                  <rect x={labelW} y={y} width={scale(g.cases)} height={barH} className="bar-cases" />
                  <rect x={labelW} y={y + 4} width={scale(g.transferred)} height={barH - 8} className="bar-transferred" />
                  <rect x={labelW} y={y + 8} width={scale(g.filed)} height={barH - 16} className="bar-filed" />
                  <text x={labelW + scale(g.cases) + 6} y={y + 15} className="axis">
                    {g.cases} / {g.transferred} / {g.filed}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      <p className="legend">
        <span className="key bar-cases" /> 案件 <span className="key bar-transferred" /> 移送 <span className="key bar-filed" /> 立案 <span className="key suppressed" /> 已抑制
      </p>
      <button type="button" className="csv" data-chart={id} onClick={() => saveBlob(new Blob([toCsv(dimension, rows)], { type: 'text/csv;charset=utf-8' }), `${id}.csv`)}>
        导出 CSV
      </button>
    </Section>
  );
}

/** Each legal step's duration: median to 90th percentile, in hours (a percentile band). */
function StepBands({ total }: { total: NonNullable<StatisticsStepsQuery['caseStatistics']>['total'] }) {
  const steps = (total.steps ?? []).filter((s) => s.started > 0);
  const max = Math.max(1, ...steps.map((s) => s.p90Hours ?? s.medianHours ?? 0));
  const labelW = 150;
  const w = 560;
  const rowH = 26;
  return (
    <Section title="各环节用时（中位数—90% 分位，小时）" id="chart-steps">
      <svg className="chart" viewBox={`0 0 ${w} ${steps.length * rowH + 20}`} width={w} role="img" aria-label="各环节用时">
        {steps.map((s, i) => {
          const y = 8 + i * rowH;
          const x = (v: number) => labelW + (v / max) * (w - labelW - 90);
          return (
            <g key={s.step}>
              <text x={labelW - 6} y={y + 13} className="axis" textAnchor="end">
                {CLOCK_ZH[s.step as keyof typeof CLOCK_ZH] ?? s.step}
              </text>
              {s.medianHours == null ? (
                <text x={labelW + 4} y={y + 13} className="axis muted">
                  已抑制或无数据
                </text>
              ) : (
                <>
                  <rect x={x(s.medianHours)} y={y + 3} width={Math.max(2, x(s.p90Hours ?? s.medianHours) - x(s.medianHours))} height={12} className="band" />
                  <line x1={x(s.medianHours)} x2={x(s.medianHours)} y1={y} y2={y + 18} className="median" />
                  <text x={x(s.p90Hours ?? s.medianHours) + 6} y={y + 13} className="axis">
                    {s.medianHours.toFixed(1)}–{(s.p90Hours ?? s.medianHours).toFixed(1)} 小时 · 超期 {s.overdue}/{s.started}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
    </Section>
  );
}

async function loadStats() {
  const by = (groupBy: StatisticsDimension[]) => run(StatisticsDocument, { groupBy, divisionLevel: 'CITY', period: 'MONTH' });
  const [month, sector, division, steps, names] = await Promise.all([
    by(['PERIOD']),
    by(['SECTOR']),
    by(['DIVISION']),
    run(StatisticsStepsDocument, { steps: ['APPROVAL', 'TRANSFER', 'RECEIPT', 'FILING_DECISION'] }),
    run(DivisionsDocument, {}),
  ]);
  const divisionName = new Map((names.data?.divisions ?? []).map((d) => [d.code, d.name]));
  return {
    month: month.data?.caseStatistics,
    sector: sector.data?.caseStatistics,
    division: division.data?.caseStatistics,
    steps: steps.data?.caseStatistics?.total,
    divisionName,
    errors: [...month.errors, ...sector.errors, ...division.errors, ...steps.errors],
  };
}

export function Stats({ viewer }: { viewer: Viewer }) {
  const state = useLoad(loadStats, []);
  if (state.loading && !state.data) return <Loading what="统计" />;
  if (state.errors) return <Errors errors={state.errors} />;
  const { month, sector, division, steps, divisionName, errors } = state.data!;
  const rows = (s: Stats | null | undefined, label: (g: Group) => string) => (s?.groups ?? []).map((g) => ({ label: label(g), g }));
  const total = month?.total;
  return (
    <div className="stats">
      <h1>统计分析</h1>
      <Errors errors={errors} />
      {total && (
        <p id="stats-total">
          全部案件 {cell(total.cases, total.suppressed)} · 移送 {cell(total.transferred, total.suppressed)} · 立案 {cell(total.filed, total.suppressed)} · 立案率 {total.filingRate == null ? '—' : `${(total.filingRate * 100).toFixed(1)}%`}
          {month?.minimumCellSize ? ` · 最小单元数 ${month.minimumCellSize}，已抑制 ${month.suppressedGroups} 组` : ''}
          {month?.window ? ' · 统计区间为已结束的整月，数字含随机扰动' : ''}
        </p>
      )}
      <BarChart id="chart-month" title="按月份" dimension="月份" rows={rows(month, (g) => g.period ?? '—').sort((a, b) => a.label.localeCompare(b.label))} />
      <BarChart id="chart-sector" title="按执法领域" dimension="领域" rows={rows(sector, (g) => (g.sector ? SECTOR_ZH[g.sector] : '—'))} />
      <BarChart id="chart-division" title="按区划（市）" dimension="区划" rows={rows(division, (g) => (g.divisionCode ? divisionName.get(g.divisionCode) ?? g.divisionCode : '—'))} />
      {steps && <StepBands total={steps} />}
      <p className="muted small">统计口径：{viewer.agency.name} 可见范围内的全省案件汇总（C0）；可能推算出非本单位案件的分组按规定抑制。</p>
    </div>
  );
}
