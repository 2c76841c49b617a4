import { SignJWT } from 'jose';
import type { AgencyKind, Role } from '../schema/vocabulary';
import type { IssuerKey } from '../gateway/keys';
import { agencies, officers, type DemoOfficer } from './province';

/** The demo identity provider: what `npm run token` and the tests use to sign caller tokens. */
export const DEMO_ISSUER = 'caselink-demo-idp';
export const DEMO_AUDIENCE = 'caselink';

export interface OfficerQuery {
  login?: string;
  role?: Role;
  agencyKind?: AgencyKind;
  agencyId?: string;
}

/** The first demo officer matching every given criterion; throws naming the criteria when none does. */
export function findDemoOfficer(q: OfficerQuery): DemoOfficer {
  const found = officers.find(
    (o) =>
      (!q.login || o.login === q.login) &&
      (!q.role || o.roles.includes(q.role)) &&
      (!q.agencyId || o.agencyId === q.agencyId) &&
      (!q.agencyKind || agencies.find((a) => a.id === o.agencyId)?.kind === q.agencyKind),
  );
  if (!found) throw new Error(`no demo officer matches ${JSON.stringify(q)}`);
  return found;
}

/**
 * The agencies of the README's walk-through ("one case from draft to filing", in 西湖区): the market
 * regulator that transfers, the police unit that receives, the procuratorate that supervises.
 */
export const WALK_THROUGH_AGENCIES: readonly string[] = ['ag-330106-msa', 'ag-330106-psb', 'ag-330106-proc'];

const kindOf = (o: DemoOfficer) => agencies.find((a) => a.id === o.agencyId)?.kind;

/**
 * The demo officers whose tokens the IDE offers (npm start): every officer of the walk-through's
 * agencies, so each step can be taken from the IDE, then the first officer of every other set of
 * roles and kind of agency (an analyst, a province-level supervisor, an administrator, ...).
 */
export function ideDemoOfficers(): DemoOfficer[] {
  const walkThrough = officers.filter((o) => WALK_THROUGH_AGENCIES.includes(o.agencyId));
  const seen = new Set<string>();
  const onePerKind = officers.filter((o) => {
    const key = `${o.roles.join(',')}/${kindOf(o)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return [...walkThrough, ...onePerKind.filter((o) => !walkThrough.includes(o))];
}

export async function mintToken(
  officer: DemoOfficer,
  key: IssuerKey,
  options: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const agency = agencies.find((a) => a.id === officer.agencyId);
  if (!agency) throw new Error(`officer ${officer.login} belongs to unknown agency ${officer.agencyId}`);
  return new SignJWT({ agency: agency.id, agency_kind: agency.kind, division: agency.divisionCode, roles: officer.roles, name: officer.name })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setSubject(officer.id)
    .setIssuer(options.issuer ?? DEMO_ISSUER)
    .setAudience(options.audience ?? DEMO_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(key.privateKey);
}
