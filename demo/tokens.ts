import { SignJWT } from 'jose';
import type { AgencyKind, Role } from '../schema/vocabulary';
import type { SigningKey } from '../gateway/keys';
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

export async function mintToken(
  officer: DemoOfficer,
  key: SigningKey,
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
