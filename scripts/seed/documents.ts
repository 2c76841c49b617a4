/**
 * The document contents of a generated province: one text per document kind (and per sector for the
 * transfer package), stored once in the dossiers blob store. Documents are content-addressed
 * (SHA-256), so the many documents of one kind legitimately share their bytes, and every one of them
 * downloads and verifies like an uploaded one.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DocumentKind, Sector } from '../../schema/vocabulary';
import { DOCUMENT_TITLES, INSPECTION_TITLES } from '../../demo/cases';
import { SECTOR_ZH } from '../../subgraphs/cases/messages';
import type { BlobStore } from '../../subgraphs/dossiers/blobs/types';

export interface DocumentTemplate {
  kind: DocumentKind;
  sector: Sector;
  title: string;
  sha256: string;
  size: number;
  content: Buffer;
}

function text(kind: DocumentKind, sector: Sector, title: string): string {
  return [
    title,
    `（${SECTOR_ZH[sector]}领域 · 样例文书）`,
    '',
    '本文书为 caselink 大规模演示数据（npm run seed）所用的样例正文。同一领域同一类文书共用此内容，',
    '按内容的 SHA-256 存放于卷宗文件库，下载时按哈希校验，与上传的文书相同。',
    '',
    '一、案件来源及基本情况：执法人员在日常检查中发现当事人涉嫌违法，经立案调查，事实已基本查清。',
    '二、调查取证情况：已制作现场检查笔录、询问笔录，提取书证、物证及电子数据，依法采取证据保全措施。',
    '三、涉嫌犯罪的理由：涉案数额已达到刑事立案追诉标准，依照《行政执法机关移送涉嫌犯罪案件的规定》应当移送公安机关。',
    '四、处理意见：建议依法移送，并将涉案物品随案移交。',
    '',
    `文书类别：${kind}`,
    '',
  ].join('\n');
}

export const templateKey = (kind: DocumentKind, sector: Sector) => `${kind}|${sector}`;

/** The templates of these kinds for these sectors (their hashes and sizes; nothing stored yet). */
export function documentTemplates(kinds: readonly DocumentKind[], sectors: readonly Sector[]): Map<string, DocumentTemplate> {
  const out = new Map<string, DocumentTemplate>();
  for (const sector of sectors) {
    for (const kind of kinds) {
      const title = kind === 'INSPECTION_REPORT' ? INSPECTION_TITLES[sector] : DOCUMENT_TITLES[kind];
      const content = Buffer.from(text(kind, sector, title), 'utf8');
      out.set(templateKey(kind, sector), { kind, sector, title, content, size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    }
  }
  return out;
}

/** Puts every template's bytes in the blob store (a no-op for those already there); checks the address it was stored under. */
export async function storeTemplates(blobs: BlobStore, templates: Iterable<DocumentTemplate>): Promise<number> {
  let stored = 0;
  for (const t of templates) {
    if (await blobs.has(t.sha256)) continue;
    const put = await blobs.put(Readable.from([t.content]));
    if (put.sha256 !== t.sha256 || put.size !== t.size) throw new Error(`seed: blob store kept ${t.kind} under ${put.sha256}, expected ${t.sha256}`);
    stored++;
  }
  return stored;
}
