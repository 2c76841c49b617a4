import { useState } from 'react';
import { run } from './api';
import { BoardDocument, DivisionsDocument, WarningListDocument, type WarningLevel, type WarningRule } from './gql/graphql';
import { LOOP_STEP_ZH, RULE_ZH, STAGE_ZH } from './labels';
import { fmtTime } from './format';
import { Errors, LevelBadge, Loading, Section, useLoad, type Viewer } from './ui';

interface Tile {
  code: string;
  name: string;
  level: string;
  red: number;
  yellow: number;
}

/** Red and yellow counts of a division and of each division under it (one board request each). */
async function loadBoard(code: string) {
  const [board, divisions] = await Promise.all([run(BoardDocument, { divisionCode: code }), run(DivisionsDocument, {})]);
  const all = divisions.data?.divisions ?? [];
  const byCode = new Map(all.map((d) => [d.code, d]));
  const children = all.filter((d) => d.parent?.code === code);
  const counts = await Promise.all(children.map((d) => run(BoardDocument, { divisionCode: d.code }).then((r) => r.data?.warningBoard, () => null)));
  const tiles: Tile[] = children.map((d, i) => ({ code: d.code, name: d.name, level: d.level, red: counts[i]?.red ?? 0, yellow: counts[i]?.yellow ?? 0 }));
  const trail: { code: string; name: string }[] = [];
  for (let d = byCode.get(code); d; d = d.parent ? byCode.get(d.parent.code) : undefined) trail.unshift({ code: d.code, name: d.name });
  return { board: board.data?.warningBoard ?? null, errors: board.errors, tiles, trail, name: byCode.get(code)?.name ?? code };
}

/** Divisions as a grid of tiles: the colour says red (any red), yellow (any yellow) or clear; the shade grows with the count. */
function DivisionGrid({ tiles, onPick }: { tiles: Tile[]; onPick: (t: Tile) => void }) {
  const cols = Math.min(4, Math.max(1, Math.ceil(Math.sqrt(tiles.length))));
  const w = 170;
  const h = 92;
  const rows = Math.ceil(tiles.length / cols);
  const max = Math.max(1, ...tiles.map((t) => t.red + t.yellow));
  return (
    <svg className="grid" viewBox={`0 0 ${cols * w} ${rows * h}`} width={cols * w} role="img" aria-label="区划预警分布">
      {tiles.map((t, i) => {
        const x = (i % cols) * w;
        const y = Math.floor(i / cols) * h;
        const tone = t.red ? 'tile-red' : t.yellow ? 'tile-yellow' : 'tile-clear';
        const opacity = 0.35 + 0.65 * ((t.red + t.yellow) / max);
        return (
          <g key={t.code} className={`tile ${tone}`} data-division={t.code} onClick={() => onPick(t)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && onPick(t)}>
            <rect x={x + 3} y={y + 3} width={w - 6} height={h - 6} rx={6} fillOpacity={t.red || t.yellow ? opacity : 1} />
            <text x={x + 14} y={y + 32} className="tile-name">
              {t.name}
            </text>
            <text x={x + 14} y={y + 62} className="tile-count">
              红 {t.red} · 黄 {t.yellow}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function WarningList({ divisionCode, level, rule }: { divisionCode: string; level?: WarningLevel; rule?: WarningRule }) {
  const list = useLoad(() => run(WarningListDocument, { divisionCode, level, rule }), [divisionCode, level, rule]);
  if (list.loading) return <Loading what="预警清单" />;
  if (list.errors) return <Errors errors={list.errors} />;
  const nodes = list.data?.data?.warnings?.nodes ?? [];
  return (
    <table className="list" id="warning-list">
      <thead>
        <tr>
          <th>等级</th>
          <th>预警</th>
          <th>案件</th>
          <th>阶段</th>
          <th>责任单位</th>
          <th>环节</th>
          <th>预警时间</th>
          <th>反馈期限</th>
        </tr>
      </thead>
      <tbody>
        {nodes.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">
              没有符合条件的预警
            </td>
          </tr>
        )}
        {nodes.map((w) => (
          <tr key={w.id} className={w.level === 'RED' ? 'row-red' : 'row-yellow'}>
            <td>
              <LevelBadge level={w.level} name={w.levelName} />
            </td>
            <td>
              {w.title} <span className="muted">{w.code}</span>
            </td>
            <td>{w.case ? <a href={`#/case/${encodeURIComponent(w.case.id)}`}>{w.case.number}</a> : '—'}</td>
            <td>{w.case ? STAGE_ZH[w.case.stage] : '—'}</td>
            <td>{w.responsibleAgency?.name ?? '—'}</td>
            <td>{LOOP_STEP_ZH[w.step]}</td>
            <td>{fmtTime(w.raisedAt)}</td>
            <td>{fmtTime(w.replyDueAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Board({ viewer, divisionCode }: { viewer: Viewer; divisionCode: string }) {
  const state = useLoad(() => loadBoard(divisionCode), [divisionCode]);
  const [filter, setFilter] = useState<{ level?: WarningLevel; rule?: WarningRule; label: string }>({ label: '全部' });
  if (state.loading && !state.data) return <Loading what="预警看板" />;
  if (state.errors) return <Errors errors={state.errors} />;
  const { board, tiles, trail, name, errors } = state.data!;
  const pick = (f: typeof filter) => setFilter(f);
  return (
    <div className="board">
      <nav className="trail" aria-label="区划">
        {trail.map((t, i) => (
          <span key={t.code}>
            {i > 0 && ' › '}
            <a href={`#/board/${t.code}`}>{t.name}</a>
          </span>
        ))}
        {divisionCode !== viewer.agency.divisionCode && (
          <a className="back" href={`#/board/${viewer.agency.divisionCode}`}>
            回到本辖区
          </a>
        )}
      </nav>
      <h1>{name} 预警看板</h1>
      <Errors errors={errors} />
      <div className="counts">
        <button type="button" className="count red" id="count-red" onClick={() => pick({ level: 'RED', label: '红码' })}>
          <span className="n">{board?.red ?? 0}</span>
          <span>红码</span>
        </button>
        <button type="button" className="count yellow" id="count-yellow" onClick={() => pick({ level: 'YELLOW', label: '黄码' })}>
          <span className="n">{board?.yellow ?? 0}</span>
          <span>黄码</span>
        </button>
      </div>
      <div className="columns">
        {tiles.length > 0 && (
          <Section title="下级区划（点击进入）">
            <DivisionGrid tiles={tiles} onPick={(t) => (location.hash = `/board/${t.code}`)} />
            <table className="list compact" id="division-table">
              <tbody>
                {tiles.map((t) => (
                  <tr key={t.code}>
                    <td>
                      <a href={`#/board/${t.code}`}>{t.name}</a>
                    </td>
                    <td className="num red-text">{t.red}</td>
                    <td className="num yellow-text">{t.yellow}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        )}
        <Section title="按预警规则">
          <table className="list compact" id="rule-table">
            <thead>
              <tr>
                <th>规则</th>
                <th>红码</th>
                <th>黄码</th>
              </tr>
            </thead>
            <tbody>
              {(board?.byRule ?? []).map((r) => (
                <tr key={r.rule}>
                  <td>{RULE_ZH[r.rule]}</td>
                  <td className="num">
                    {r.red ? (
                      <button type="button" className="link red-text" onClick={() => pick({ level: 'RED', rule: r.rule, label: `${RULE_ZH[r.rule]} · 红码` })}>
                        {r.red}
                      </button>
                    ) : (
                      0
                    )}
                  </td>
                  <td className="num">
                    {r.yellow ? (
                      <button type="button" className="link yellow-text" onClick={() => pick({ level: 'YELLOW', rule: r.rule, label: `${RULE_ZH[r.rule]} · 黄码` })}>
                        {r.yellow}
                      </button>
                    ) : (
                      0
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>
      <Section title={`预警清单：${filter.label}`}>
        <WarningList divisionCode={divisionCode} level={filter.level} rule={filter.rule} />
      </Section>
    </div>
  );
}
