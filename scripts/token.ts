/**
 * npm run token -- [--officer LOGIN] [--role ROLE] [--agency-kind KIND] [--agency ID] [--expires 8h]
 * Prints a demo caller token for the first demo officer that matches, signed with the demo issuer
 * key in DATA_DIR/keys (the key `npm start` trusts).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { AGENCY_KINDS, ROLES, type AgencyKind, type Role } from '../schema/vocabulary';
import { decodeJwt } from 'jose';
import { loadTokenLimits } from '../gateway/config';
import { loadOrCreateDemoIssuerKey } from '../gateway/keys';
import { findDemoOfficer, mintToken } from '../demo/tokens';

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('demo tokens are not for production: a production gateway trusts only its identity provider (AUTH_JWKS_URL or AUTH_PUBLIC_KEY)');
  const { maxLifetimeSeconds } = loadTokenLimits();
  const { values } = parseArgs({
    options: {
      officer: { type: 'string' },
      role: { type: 'string' },
      'agency-kind': { type: 'string' },
      agency: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const role = values.role?.toUpperCase();
  const kind = values['agency-kind']?.toUpperCase();
  if (role && !(ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (kind && !(AGENCY_KINDS as readonly string[]).includes(kind)) throw new Error(`--agency-kind must be one of ${AGENCY_KINDS.join(', ')}`);
  const officer = findDemoOfficer({ login: values.officer, role: role as Role, agencyKind: kind as AgencyKind, agencyId: values.agency });
  const key = await loadOrCreateDemoIssuerKey(resolve(process.env.DATA_DIR ?? 'data'));
  const token = await mintToken(officer, key, { expiresIn: values.expires });
  const { iat, exp } = decodeJwt(token) as { iat: number; exp: number };
  if (exp - iat > maxLifetimeSeconds) {
    throw new Error(`--expires ${values.expires} is longer than the gateway accepts (${maxLifetimeSeconds} s, AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
  }
  console.error(`token for ${officer.login} (${officer.name}, ${officer.roles.join(',')}, agency ${officer.agencyId})`);
  console.log(token);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
