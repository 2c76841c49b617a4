import { z } from 'zod';
import { DOCUMENT_KINDS, SECTORS, type DocumentKind, type Sector } from '../../schema/vocabulary';

/**
 * The transfer package a dossier must hold before it can be sealed (Decree 310 art. 6: transfer letter,
 * investigation report, list of seized items, inspection report / expert conclusion). Configuration, not
 * law in code: a sector may require more or other materials (`DOSSIERS_REQUIRED_MATERIALS`).
 */
export const DEFAULT_REQUIRED_MATERIALS = [
  'TRANSFER_LETTER',
  'INVESTIGATION_REPORT',
  'SEIZED_ITEMS_LIST',
  'INSPECTION_REPORT',
] as const satisfies readonly DocumentKind[];

export interface RequiredMaterials {
  /** For sectors without their own list, and dossiers whose sector is not recorded. */
  default: readonly DocumentKind[];
  bySector: Partial<Record<Sector, readonly DocumentKind[]>>;
}

export const defaultRequiredMaterials: RequiredMaterials = { default: DEFAULT_REQUIRED_MATERIALS, bySector: {} };

const kinds = z.array(z.enum(DOCUMENT_KINDS)).refine((list) => new Set(list).size === list.length, 'lists a kind twice');

/** `{ "default": [...], "<SECTOR>": [...] }`, every key optional: what DOSSIERS_REQUIRED_MATERIALS holds. */
export const requiredMaterialsSchema = z
  .strictObject({ default: kinds.optional(), ...Object.fromEntries(SECTORS.map((s) => [s, kinds.optional()])) })
  .transform((o): RequiredMaterials => {
    const { default: fallback, ...bySector } = o as Record<string, DocumentKind[] | undefined>;
    return {
      default: fallback ?? DEFAULT_REQUIRED_MATERIALS,
      bySector: Object.fromEntries(Object.entries(bySector).filter(([, v]) => v)) as RequiredMaterials['bySector'],
    };
  });

export function requiredFor(materials: RequiredMaterials, sector: Sector | null): readonly DocumentKind[] {
  return (sector && materials.bySector[sector]) || materials.default;
}

/** The required kinds that none of the present documents has, in the configured order. */
export function missingKinds(required: readonly DocumentKind[], present: Iterable<DocumentKind>): DocumentKind[] {
  const have = new Set(present);
  return required.filter((k) => !have.has(k));
}
