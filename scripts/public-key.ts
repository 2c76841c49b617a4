/**
 * npm run -s key:public -- FILE...: the public JWK set {"keys":[…]} of private keys (PEM PKCS#8 or
 * private JWK, P-256 or SM2), each with the kid caselink signs with: what `*_PREVIOUS_KEYS` and
 * `<NAME>_CHECKPOINT_PUBLIC_KEY` take. Used to publish a key before it signs, and to keep trusting
 * it after (docs/production.md, "Key rotation").
 *
 * npm run -s key:public -- --private FILE: the private key as one line of JWK, for a `*_KEY` setting
 * in an environment file (systemd's EnvironmentFile takes one line per variable).
 */
import { readFileSync } from 'node:fs';
import { parseSigningKey } from '../subgraphs/kit/jws';

const args = process.argv.slice(2);
const wantPrivate = args[0] === '--private';
const files = wantPrivate ? args.slice(1) : args;
try {
  if (!files.length || (wantPrivate && files.length !== 1)) throw new Error('usage: npm run -s key:public -- <private key file>... | --private <private key file>');
  const keys = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    // Either algorithm: the file says which curve it is on.
    try {
      return parseSigningKey(text, file, 'ES256');
    } catch {
      return parseSigningKey(text, file, 'SM2SM3');
    }
  });
  console.log(JSON.stringify(wantPrivate ? keys[0]!.privateJwk : { keys: keys.map((k) => k.publicJwk) }));
} catch (err) {
  console.error(`key:public failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
